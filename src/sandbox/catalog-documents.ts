import type { CatalogData, ProductCore } from './catalog-data.js';
import type { CatalogImages } from './catalog-images.js';
import { Rng } from './random.js';

/** Body of GET /api/catalog/pvt/product/{productId} (shape of the spec example). */
export function productDocument(core: ProductCore, seed: number): Record<string, unknown> {
  const rng = Rng.for(seed, 'productExtra', core.index);
  const department = core.category.path[0] as number;
  return {
    Id: core.id,
    Name: core.name,
    DepartmentId: department,
    CategoryId: core.category.id,
    BrandId: core.brand.id,
    LinkId: core.linkId,
    RefId: core.refId,
    IsVisible: core.isVisible,
    Description: core.description,
    DescriptionShort: rng.chance(0.4) ? '' : core.description.slice(0, 60),
    ReleaseDate: core.releaseDate,
    KeyWords: core.keyWords,
    Title: core.name,
    IsActive: core.isActive,
    TaxCode: rng.chance(0.8) ? '' : rng.digits(4),
    MetaTagDescription: core.description,
    SupplierId: rng.chance(0.9) ? 1 : null,
    ShowWithoutStock: rng.chance(0.7),
    AdWordsRemarketingCode: '',
    LomadeeCampaignCode: '',
    Score: rng.chance(0.2) ? null : rng.int(0, 10),
  };
}

/**
 * Body of GET /api/catalog_system/pvt/sku/stockkeepingunitbyid/{skuId} (shape of the spec example).
 * `Images[].ImageUrl` are originals at the sandbox's origin; the top-level `ImageUrl` is the 55x55 thumbnail.
 */
export function skuDocument(catalog: CatalogData, pictures: CatalogImages, skuIndex: number, seed: number): Record<string, unknown> {
  const productIndex = catalog.skuProduct[skuIndex] as number;
  const core = catalog.productCore(productIndex);
  const id = catalog.skuIds[skuIndex] as number;
  const rng = Rng.for(seed, 'sku', skuIndex);
  const color = rng.pick(['Azul', 'Preto', 'Vermelho "Ferrari"', 'Off-white, fosco', 'Açaí']);
  const skuName = `${color} ${rng.pick(['P', 'M', 'G', 'GG', '42', 'Único'])}`;
  const categoryPath = `/${core.category.path.join('/')}/`;
  const images = pictures.imagesOf(skuIndex, core.linkId);
  const ean = rng.digits(13);
  return {
    Id: id,
    ProductId: core.id,
    NameComplete: `${core.name} ${skuName}`,
    ComplementName: '',
    ProductName: core.name,
    ProductDescription: core.description,
    SkuName: skuName,
    ProductRefId: core.refId,
    TaxCode: '',
    IsActive: core.isActive && !rng.chance(0.05),
    IsTransported: true,
    IsInventoried: true,
    IsGiftCardRecharge: false,
    ImageUrl: pictures.thumbnailOf(images),
    DetailUrl: `/${core.linkId}/p`,
    CSCIdentification: null,
    BrandId: String(core.brand.id),
    BrandName: core.brand.name,
    IsBrandActive: core.brand.isActive,
    Dimension: { cubicweight: rng.int(1, 9000) / 100, height: rng.int(1, 80), length: rng.int(1, 80), weight: rng.int(50, 10000), width: rng.int(1, 120) },
    RealDimension: { realCubicWeight: rng.int(1, 9000) / 100, realHeight: rng.int(1, 80), realLength: rng.int(1, 80), realWeight: rng.int(50, 10000), realWidth: rng.int(1, 120) },
    ManufacturerCode: '',
    IsKit: false,
    KitItems: [],
    Services: [],
    Categories: [],
    CategoriesFullPath: core.category.path.map((_, depth) => `/${core.category.path.slice(0, depth + 1).join('/')}/`).reverse(),
    Attachments: [],
    Collections: [],
    SkuSellers: [{ SellerId: '1', StockKeepingUnitId: id, SellerStockKeepingUnitId: String(id), IsActive: true, FreightCommissionPercentage: 0, ProductCommissionPercentage: 0 }],
    SalesChannels: rng.chance(0.5) ? [1] : [1, 2],
    Images: images,
    Videos: [],
    SkuSpecifications: [{ FieldId: 102, FieldName: 'Cor', FieldValueIds: [rng.int(200, 300)], FieldValues: [color], IsFilter: false, FieldGroupId: 11, FieldGroupName: 'Especificações' }],
    ProductSpecifications: [],
    ProductClustersIds: rng.chance(0.5) ? '' : '176,187',
    PositionsInClusters: {},
    ProductClusterNames: {},
    ProductClusterHighlights: {},
    ProductCategoryIds: categoryPath,
    IsDirectCategoryActive: true,
    ProductGlobalCategoryId: null,
    ProductCategories: Object.fromEntries(core.category.path.map((categoryId) => [String(categoryId), categoryName(catalog, categoryId)])),
    CommercialConditionId: 1,
    RewardValue: 0,
    AlternateIds: { Ean: ean, RefId: core.refId },
    AlternateIdValues: [ean, core.refId],
    EstimatedDateArrival: null,
    MeasurementUnit: 'un',
    UnitMultiplier: rng.chance(0.9) ? 1 : 0.5,
    InformationSource: 'Indexer',
    ModalType: null,
    KeyWords: core.keyWords,
    ReleaseDate: core.releaseDate,
    ProductIsVisible: core.isVisible,
    ShowIfNotAvailable: true,
    IsProductActive: core.isActive,
    ProductFinalScore: 0,
  };
}

function categoryName(catalog: CatalogData, id: number): string {
  return catalog.allCategories.find((node) => node.id === id)?.name ?? '';
}
