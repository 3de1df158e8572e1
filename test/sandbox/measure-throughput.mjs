// Measures the sandbox's throughput: node test/sandbox/measure-throughput.mjs URL APP_KEY APP_TOKEN ORDER_IDS_JSON [PATH]
// 32 concurrent connections for 5 s against get-order (cycling ORDER_IDS_JSON) or against PATH.
import { Agent, request } from 'undici';
const [url, appKey, appToken, idsJson, path] = process.argv.slice(2);
const agent = new Agent({ connections: 32, pipelining: 1 });
const headers = { 'x-vtex-api-appkey': appKey, 'x-vtex-api-apptoken': appToken };
const ids = JSON.parse(idsJson);
let done = 0, bad = 0, bytes = 0;
const end = performance.now() + 5000;
async function worker(w) {
  let i = w;
  while (performance.now() < end) {
    const target = path ? path : `/api/oms/pvt/orders/${ids[i++ % ids.length]}`;
    const r = await request(url + target, { headers, dispatcher: agent });
    const b = await r.body.arrayBuffer(); bytes += b.byteLength;
    if (r.statusCode === 200) done++; else bad++;
  }
}
await Promise.all(Array.from({ length: 32 }, (_, w) => worker(w)));
console.log(JSON.stringify({ rps: done / 5, non200: bad, avgKB: Math.round(bytes / (done + bad) / 1024) }));
await agent.close();
