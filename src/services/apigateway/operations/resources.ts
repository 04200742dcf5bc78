import { accepted, created, existingApi, existingResource, jsonBody, ok, op, optionalString, page } from '../context.js';
import { badRequest, conflict } from '../errors.js';
import { newChildId } from '../ids.js';
import type { ApiDocument, Resource } from '../model.js';
import { applyPatch } from '../patch.js';

const PATH_PART = /^(?:[a-zA-Z0-9._:-]+|\{[a-zA-Z0-9._-]+\+?\})$/;

/** A resource as GetResource(s) answer: methods summarised as `{}` unless `embed=methods`. */
export function renderResource(resource: Resource, embedMethods: boolean): Record<string, unknown> {
  const { resourceMethods, ...rest } = resource;
  if (!resourceMethods || Object.keys(resourceMethods).length === 0) return rest;
  const methods: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(resourceMethods)) methods[name] = embedMethods ? method : {};
  return { ...rest, resourceMethods: methods };
}

const embedsMethods = (query: URLSearchParams): boolean => query.getAll('embed').some((e) => e.split(',').includes('methods'));

/** Checks a new path part under `parent` as API Gateway does. */
export function checkPathPart(doc: ApiDocument, parent: Resource, pathPart: string | undefined, except?: string): void {
  if (!pathPart || !PATH_PART.test(pathPart)) {
    throw badRequest(
      "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.",
    );
  }
  if (parent.pathPart?.endsWith('+}')) throw badRequest(`Cannot create a child of a resource with a greedy path variable: ${parent.pathPart}`);
  const siblings = Object.values(doc.resources).filter((r) => r.parentId === parent.id && r.id !== except);
  if (siblings.some((s) => s.pathPart === pathPart)) throw conflict(`Another resource with the same parent already has this name: ${pathPart}`);
  const variable = siblings.find((s) => s.pathPart?.startsWith('{'));
  if (pathPart.startsWith('{') && variable) {
    throw badRequest(`A sibling (${variable.pathPart}) of this resource already has a variable path part -- only one is allowed`);
  }
}

export function childPath(parent: Resource, pathPart: string): string {
  return parent.path === '/' ? `/${pathPart}` : `${parent.path}/${pathPart}`;
}

/** Adds a resource under `parent` (used by CreateResource and by imports). */
export function addResource(doc: ApiDocument, parent: Resource, pathPart: string): Resource {
  checkPathPart(doc, parent, pathPart);
  let id = newChildId();
  while (doc.resources[id]) id = newChildId();
  const resource: Resource = { id, parentId: parent.id, pathPart, path: childPath(parent, pathPart) };
  doc.resources[id] = resource;
  return resource;
}

function descendants(doc: ApiDocument, id: string): string[] {
  const out: string[] = [];
  for (const r of Object.values(doc.resources)) if (r.parentId === id) out.push(r.id, ...descendants(doc, r.id));
  return out;
}

function repath(doc: ApiDocument, resource: Resource): void {
  for (const child of Object.values(doc.resources)) {
    if (child.parentId !== resource.id) continue;
    child.path = childPath(resource, child.pathPart!);
    repath(doc, child);
  }
}

export const resourceOperations = [
  op('GetResources', 'GET', '/restapis/{restApiId}/resources', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const embed = embedsMethods(request.query);
    const items = Object.values(doc.resources)
      .sort((a, b) => a.path.localeCompare(b.path))
      .map((r) => renderResource(r, embed));
    return ok(page(items, request.query));
  }),
  op('GetResource', 'GET', '/restapis/{restApiId}/resources/{resourceId}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    return ok(renderResource(existingResource(doc, request.params.resourceId), embedsMethods(request.query)));
  }),
  op('CreateResource', 'POST', '/restapis/{restApiId}/resources/{parentId}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const parent = existingResource(doc, request.params.parentId);
    const resource = addResource(doc, parent, optionalString(jsonBody(request), 'pathPart') ?? '');
    env.store.saveApi(doc);
    return created(renderResource(resource, true));
  }),
  op('UpdateResource', 'PATCH', '/restapis/{restApiId}/resources/{resourceId}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const resource = existingResource(doc, request.params.resourceId);
    if (!resource.parentId) throw badRequest('Root resource cannot be updated');
    const patched = { pathPart: resource.pathPart, parentId: resource.parentId } as Record<string, unknown>;
    applyPatch(patched, jsonBody(request).patchOperations as never, { members: { pathPart: 'string', parentId: 'string' } });
    const parent = existingResource(doc, patched.parentId as string);
    if (parent.id === resource.id || descendants(doc, resource.id).includes(parent.id)) throw badRequest('Resource cannot be moved under itself');
    checkPathPart(doc, parent, patched.pathPart as string, resource.id);
    resource.pathPart = patched.pathPart as string;
    resource.parentId = parent.id;
    resource.path = childPath(parent, resource.pathPart);
    repath(doc, resource);
    env.store.saveApi(doc);
    return ok(renderResource(resource, true));
  }),
  op('DeleteResource', 'DELETE', '/restapis/{restApiId}/resources/{resourceId}', (env, request, ctx) => {
    const doc = existingApi(env, ctx, request.params.restApiId);
    const resource = existingResource(doc, request.params.resourceId);
    if (!resource.parentId) throw badRequest('Cannot delete root resource');
    for (const id of [resource.id, ...descendants(doc, resource.id)]) delete doc.resources[id];
    env.store.saveApi(doc);
    return accepted();
  }),
];
