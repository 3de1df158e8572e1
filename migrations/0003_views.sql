-- Relational views over the staged JSON, named and keyed like the CSV child files (order_items.csv has
-- order_id and item_index, and so has the order_items view), so a query written against the CSVs runs here.
-- Plain json_extract/json_each (no ->>) so that older SQLite builds, Python's and DB Browser's, read them.
-- Money: VTEX's integer cents as they are, plus a *_decimal column divided by the currency's digits.
-- Dates: one ISO 8601 form in UTC with milliseconds (VTEX writes 7 fraction digits and offsets); raw is unchanged.

CREATE VIEW order_money_digits AS
SELECT id AS order_id,
       coalesce(json_extract(raw, '$.storePreferencesData.currencyFormatInfo.CurrencyDecimalDigits'), 2) AS digits,
       CASE coalesce(json_extract(raw, '$.storePreferencesData.currencyFormatInfo.CurrencyDecimalDigits'), 2)
         WHEN 0 THEN 1.0 WHEN 1 THEN 10.0 WHEN 3 THEN 1000.0 ELSE 100.0 END AS divisor,
       json_extract(raw, '$.storePreferencesData.currencyCode') AS currency
FROM orders;

CREATE VIEW order_items AS
SELECT o.id AS order_id,
       CAST(i.key AS INTEGER) AS item_index,
       json_extract(i.value, '$.uniqueId') AS uniqueId,
       json_extract(i.value, '$.id') AS id,
       json_extract(i.value, '$.productId') AS productId,
       json_extract(i.value, '$.ean') AS ean,
       json_extract(i.value, '$.refId') AS refId,
       json_extract(i.value, '$.name') AS name,
       json_extract(i.value, '$.seller') AS seller,
       json_extract(i.value, '$.quantity') AS quantity,
       json_extract(i.value, '$.price') AS price,
       json_extract(i.value, '$.listPrice') AS listPrice,
       json_extract(i.value, '$.sellingPrice') AS sellingPrice,
       json_extract(i.value, '$.price') / d.divisor AS price_decimal,
       json_extract(i.value, '$.listPrice') / d.divisor AS listPrice_decimal,
       json_extract(i.value, '$.sellingPrice') / d.divisor AS sellingPrice_decimal,
       d.currency AS currency,
       json_extract(i.value, '$.imageUrl') AS imageUrl,
       json_extract(i.value, '$.detailUrl') AS detailUrl,
       json_extract(i.value, '$.additionalInfo.brandName') AS "additionalInfo.brandName",
       json_extract(i.value, '$.additionalInfo.brandId') AS "additionalInfo.brandId"
FROM orders o JOIN order_money_digits d ON d.order_id = o.id, json_each(o.raw, '$.items') i;

CREATE VIEW order_totals AS
SELECT o.id AS order_id,
       CAST(t.key AS INTEGER) AS total_index,
       json_extract(t.value, '$.id') AS id,
       json_extract(t.value, '$.name') AS name,
       json_extract(t.value, '$.value') AS value,
       json_extract(t.value, '$.value') / d.divisor AS value_decimal,
       d.currency AS currency
FROM orders o JOIN order_money_digits d ON d.order_id = o.id, json_each(o.raw, '$.totals') t;

CREATE VIEW order_transactions AS
SELECT o.id AS order_id,
       CAST(t.key AS INTEGER) AS transaction_index,
       json_extract(t.value, '$.isActive') AS isActive,
       json_extract(t.value, '$.transactionId') AS transactionId,
       json_extract(t.value, '$.merchantName') AS merchantName
FROM orders o, json_each(o.raw, '$.paymentData.transactions') t;

CREATE VIEW order_transaction_payments AS
SELECT o.id AS order_id,
       CAST(t.key AS INTEGER) AS transaction_index,
       CAST(p.key AS INTEGER) AS payment_index,
       json_extract(p.value, '$.id') AS id,
       json_extract(p.value, '$.paymentSystem') AS paymentSystem,
       json_extract(p.value, '$.paymentSystemName') AS paymentSystemName,
       json_extract(p.value, '$.group') AS "group",
       json_extract(p.value, '$.installments') AS installments,
       json_extract(p.value, '$.value') AS value,
       json_extract(p.value, '$.referenceValue') AS referenceValue,
       json_extract(p.value, '$.value') / d.divisor AS value_decimal,
       d.currency AS currency,
       json_extract(p.value, '$.tid') AS tid,
       strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(p.value, '$.dueDate')) AS dueDate
FROM orders o JOIN order_money_digits d ON d.order_id = o.id,
     json_each(o.raw, '$.paymentData.transactions') t, json_each(t.value, '$.payments') p;

CREATE VIEW order_packages AS
SELECT o.id AS order_id,
       CAST(k.key AS INTEGER) AS package_index,
       json_extract(k.value, '$.type') AS type,
       json_extract(k.value, '$.invoiceNumber') AS invoiceNumber,
       json_extract(k.value, '$.invoiceValue') AS invoiceValue,
       json_extract(k.value, '$.invoiceValue') / d.divisor AS invoiceValue_decimal,
       d.currency AS currency,
       strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(k.value, '$.issuanceDate')) AS issuanceDate,
       json_extract(k.value, '$.courier') AS courier,
       json_extract(k.value, '$.trackingNumber') AS trackingNumber,
       json_extract(k.value, '$.trackingUrl') AS trackingUrl
FROM orders o JOIN order_money_digits d ON d.order_id = o.id, json_each(o.raw, '$.packageAttachment.packages') k;

CREATE VIEW order_logistics_info AS
SELECT o.id AS order_id,
       CAST(l.key AS INTEGER) AS logistics_info_index,
       json_extract(l.value, '$.itemIndex') AS itemIndex,
       json_extract(l.value, '$.selectedSla') AS selectedSla,
       json_extract(l.value, '$.deliveryChannel') AS deliveryChannel,
       json_extract(l.value, '$.deliveryCompany') AS deliveryCompany,
       json_extract(l.value, '$.price') AS price,
       json_extract(l.value, '$.price') / d.divisor AS price_decimal,
       json_extract(l.value, '$.shippingEstimate') AS shippingEstimate,
       strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(l.value, '$.shippingEstimateDate')) AS shippingEstimateDate
FROM orders o JOIN order_money_digits d ON d.order_id = o.id, json_each(o.raw, '$.shippingData.logisticsInfo') l;

CREATE VIEW sku_images AS
SELECT s.id AS sku_id,
       CAST(m.key AS INTEGER) AS image_index,
       json_extract(m.value, '$.ImageUrl') AS ImageUrl,
       json_extract(m.value, '$.ImageName') AS ImageName,
       json_extract(m.value, '$.FileId') AS FileId
FROM skus s, json_each(s.raw, '$.Images') m;

CREATE VIEW sku_specifications AS
SELECT s.id AS sku_id,
       CAST(f.key AS INTEGER) AS sku_specification_index,
       json_extract(f.value, '$.FieldId') AS FieldId,
       json_extract(f.value, '$.FieldName') AS FieldName,
       json_extract(f.value, '$.FieldValueIds') AS FieldValueIds,
       json_extract(f.value, '$.FieldValues') AS FieldValues,
       json_extract(f.value, '$.IsFilter') AS IsFilter,
       json_extract(f.value, '$.FieldGroupId') AS FieldGroupId,
       json_extract(f.value, '$.FieldGroupName') AS FieldGroupName
FROM skus s, json_each(s.raw, '$.SkuSpecifications') f;

CREATE VIEW customer_addresses AS
SELECT c.id AS customer_id,
       c.email AS email,
       json_extract(c.raw, '$.firstName') AS firstName,
       json_extract(c.raw, '$.lastName') AS lastName,
       a.id AS address_id,
       json_extract(a.raw, '$.addressName') AS addressName,
       json_extract(a.raw, '$.addressType') AS addressType,
       json_extract(a.raw, '$.receiverName') AS receiverName,
       json_extract(a.raw, '$.street') AS street,
       json_extract(a.raw, '$.number') AS number,
       json_extract(a.raw, '$.complement') AS complement,
       json_extract(a.raw, '$.neighborhood') AS neighborhood,
       json_extract(a.raw, '$.city') AS city,
       json_extract(a.raw, '$.state') AS state,
       json_extract(a.raw, '$.country') AS country,
       json_extract(a.raw, '$.postalCode') AS postalCode,
       strftime('%Y-%m-%dT%H:%M:%fZ', a.created_in) AS created_in
FROM customers c JOIN addresses a ON a.customer_id = c.id;

CREATE VIEW order_summaries AS
SELECT o.id AS order_id,
       strftime('%Y-%m-%dT%H:%M:%fZ', o.creation_date) AS creation_date,
       strftime('%Y-%m-%dT%H:%M:%fZ', o.last_change) AS last_change,
       o.status AS status,
       o.customer_id AS customer_id,
       json_extract(o.raw, '$.clientProfileData.email') AS email,
       o.total_value AS total_value,
       o.total_value / d.divisor AS total_value_decimal,
       d.currency AS currency,
       json_extract(o.raw, '$.salesChannel') AS salesChannel,
       json_extract(o.raw, '$.origin') AS origin,
       json_array_length(o.raw, '$.items') AS items
FROM orders o JOIN order_money_digits d ON d.order_id = o.id;

CREATE VIEW price_fixed_prices AS
SELECT p.sku_id AS sku_id,
       CAST(f.key AS INTEGER) AS fixed_price_index,
       json_extract(f.value, '$.tradePolicyId') AS tradePolicyId,
       json_extract(f.value, '$.value') AS value,
       json_extract(f.value, '$.listPrice') AS listPrice,
       json_extract(f.value, '$.minQuantity') AS minQuantity,
       json_extract(f.value, '$.dateRange.from') AS "dateRange.from",
       json_extract(f.value, '$.dateRange.to') AS "dateRange.to"
FROM prices p, json_each(p.raw, '$.fixedPrices') f
WHERE p.raw IS NOT NULL;

CREATE VIEW inventory_balance AS
SELECT i.sku_id AS sku_id,
       CAST(b.key AS INTEGER) AS balance_index,
       json_extract(b.value, '$.warehouseId') AS warehouseId,
       json_extract(b.value, '$.warehouseName') AS warehouseName,
       json_extract(b.value, '$.totalQuantity') AS totalQuantity,
       json_extract(b.value, '$.reservedQuantity') AS reservedQuantity,
       json_extract(b.value, '$.hasUnlimitedQuantity') AS hasUnlimitedQuantity,
       json_extract(b.value, '$.timeToRefill') AS timeToRefill,
       json_extract(b.value, '$.dateOfSupplyUtc') AS dateOfSupplyUtc,
       json_extract(b.value, '$.leadTime') AS leadTime
FROM inventory i, json_each(i.raw, '$.balance') b;
