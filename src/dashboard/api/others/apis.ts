import type { ApiDocument } from '../../../services/apigateway/model.js';
import type { Db } from '../../../store/database.js';
import { parseJson, rows } from '../db.js';
import { count, emptyPart, functionOfIntegrationUri, type ResourcePart } from './part.js';

/** The ARN API Gateway gives an API (`arn:aws:apigateway:<region>::/restapis/<id>`, `/apis/<id>` for HTTP and WebSocket APIs). */
const apiArn = (region: string, path: string) => `arn:aws:apigateway:${region}::${path}`;

/** REST APIs (API Gateway) and HTTP/WebSocket APIs (API Gateway v2), each Lambda integration an edge. */
export function apisPart(db: Db): ResourcePart {
  const part = emptyPart();
  for (const r of rows<{ id: string; region: string; doc: string }>(
    db,
    "SELECT id, region, doc FROM apigateway_documents WHERE kind = 'restapi' ORDER BY rowid",
  )) {
    const doc = parseJson<Partial<ApiDocument>>(r.doc, {});
    const arn = apiArn(r.region, `/restapis/${r.id}`);
    const name = doc.api?.name ?? r.id;
    const functions = new Set<string>();
    for (const resource of Object.values(doc.resources ?? {})) {
      for (const [method, m] of Object.entries(resource.resourceMethods ?? {})) {
        const fn = functionOfIntegrationUri(m.methodIntegration?.uri);
        if (fn && !functions.has(fn)) {
          functions.add(fn);
          part.edges.push({ from: arn, to: fn, kind: 'integration', label: `${method} ${resource.path}` });
        }
      }
    }
    part.resources.push({ name, arn, kind: 'api', detail: `REST API ${r.id}, ${count(Object.keys(doc.stages ?? {}).length, 'stage')}` });
    part.nodes.push({ id: arn, kind: 'api', label: name });
  }
  const integrations = rows<{ api_id: string; doc: string }>(db, "SELECT api_id, doc FROM apigatewayv2_parts WHERE kind = 'integrations' ORDER BY created_at");
  for (const a of rows<{ api_id: string; region: string; doc: string }>(db, 'SELECT api_id, region, doc FROM apigatewayv2_apis ORDER BY created_at')) {
    const doc = parseJson<{ name?: string; protocolType?: string }>(a.doc, {});
    const arn = apiArn(a.region, `/apis/${a.api_id}`);
    const name = doc.name ?? a.api_id;
    part.resources.push({ name, arn, kind: 'api', detail: `${doc.protocolType ?? 'HTTP'} API ${a.api_id}` });
    part.nodes.push({ id: arn, kind: 'api', label: name });
    const functions = new Set<string>();
    for (const i of integrations.filter((i) => i.api_id === a.api_id)) {
      const fn = functionOfIntegrationUri(parseJson<{ integrationUri?: string }>(i.doc, {}).integrationUri);
      if (fn && !functions.has(fn)) {
        functions.add(fn);
        part.edges.push({ from: arn, to: fn, kind: 'integration' });
      }
    }
  }
  return part;
}
