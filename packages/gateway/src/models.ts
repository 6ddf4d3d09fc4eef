import { NotFoundError, type ModelRoute, type Principal, type UpstreamDirectory } from '@hangar/core';
import { isModelAllowed } from './credentials.js';
import type { ModelList } from '@hangar/contracts';

type ModelEntry = ModelList['data'][number];

function toModelEntry(route: ModelRoute, id = route.model): ModelEntry {
  return {
    id,
    object: 'model',
    created: Math.floor(route.createdAt / 1000),
    owned_by: 'hangar',
  };
}

function isDeployed(route: ModelRoute): boolean {
  return route.deploymentId.length > 0;
}

/** Names a principal may use: each deployed route's model and aliases, minus what its key may not call. */
function visibleNames(
  directory: UpstreamDirectory,
  principal: Principal | undefined,
): [ModelRoute, string][] {
  const names: [ModelRoute, string][] = [];
  for (const route of directory.list()) {
    if (!isDeployed(route)) continue;
    for (const name of [route.model, ...(route.aliases ?? [])]) {
      if (principal === undefined || isModelAllowed(principal, [name, route.model]))
        names.push([route, name]);
    }
  }
  return names;
}

/** `GET /v1/models`: every model (and alias) that has a deployment, ready or not, that the caller may use. */
export function listModels(directory: UpstreamDirectory, principal?: Principal): ModelList {
  return {
    object: 'list',
    data: visibleNames(directory, principal).map(([route, name]) => toModelEntry(route, name)),
  };
}

/** `GET /v1/models/{model}`. */
export function retrieveModel(
  directory: UpstreamDirectory,
  model: string,
  principal?: Principal,
): ModelEntry {
  const route = directory.resolve(model);
  const isVisible =
    route !== undefined && (principal === undefined || isModelAllowed(principal, [model, route.model]));
  if (route === undefined || !isDeployed(route) || !isVisible)
    throw modelNotFound(directory, model, principal);
  return toModelEntry(route, model);
}

/** The 404 for a model name no deployment serves (or the key may not call), listing the ones it can. */
export function modelNotFound(
  directory: UpstreamDirectory,
  model: string,
  principal?: Principal,
): NotFoundError {
  const available = visibleNames(directory, principal).map(([, name]) => name);
  const hint = available.length > 0 ? `Available: ${available.join(', ')}` : 'No model is deployed yet.';
  return new NotFoundError(`The model '${model}' does not exist. ${hint}`, 'model_not_found', {
    param: 'model',
  });
}
