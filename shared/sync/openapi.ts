// The OpenAPI 3.1 document, generated from the contract's zod schemas (zod 4's own JSON Schema output).
import { z } from 'zod';
import { SYNC_ROUTES, errorResponseSchema } from './contract';

type Json = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;

function queryParameters(schema: z.ZodObject): Json[] {
  const js = jsonSchema(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: js.required?.includes(name) ?? false, schema: s }));
}

export function buildOpenApiDocument(serverUrl?: string): Json {
  const paths: Record<string, Json> = {};
  const error = { description: 'Lỗi (mô hình lỗi chung)', content: { 'application/json': { schema: jsonSchema(errorResponseSchema, 'output') } } };
  for (const [name, route] of Object.entries(SYNC_ROUTES)) {
    const op: Json = {
      operationId: name,
      responses: {
        200: { description: 'OK', content: { 'application/json': { schema: jsonSchema(route.response, 'output') } } },
        400: error,
        401: error,
        413: error,
        429: error,
        500: error,
      },
    };
    if ('request' in route) op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(route.request, 'input') } } };
    if ('query' in route) op.parameters = queryParameters(route.query);
    const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    if (pathParams.length) op.parameters = pathParams;
    if (route.auth) op.security = [{ deviceToken: [] }];
    paths[route.path] = { [route.method.toLowerCase()]: op };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Một cửa – đồng bộ hồ sơ với hệ thống của tỉnh',
      version: '1.0.0',
      description: 'Dates are yyyyMMddHHmmss in Asia/Ho_Chi_Minh; serverTime is epoch milliseconds. Every push item carries a client-made UUID (changeId) and is applied once. Scanned files are uploaded with the tus 1.0.0 protocol (core and creation) at /v1/files, with Upload-Metadata fileId, dossierId, slot, sha256, fileName and size (uploadMetadataSchema); the receipt route tells what became of an upload.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: { securitySchemes: { deviceToken: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
