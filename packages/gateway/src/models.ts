import { NotFoundError, type ModelRoute, type UpstreamDirectory } from '@hangar/core';
import type { ModelList } from '@hangar/contracts';

type ModelEntry = ModelList['data'][number];

function toModelEntry(route: ModelRoute): ModelEntry {
  return {
    id: route.model,
    object: 'model',
    created: Math.floor(route.createdAt / 1000),
    owned_by: 'hangar',
  };
}

function isDeployed(route: ModelRoute): boolean {
  return route.deploymentId.length > 0;
}

/** `GET /v1/models`: every model that has a deployment, ready or not. */
export function listModels(directory: UpstreamDirectory): ModelList {
  return { object: 'list', data: directory.list().filter(isDeployed).map(toModelEntry) };
}

/** `GET /v1/models/{model}`. */
export function retrieveModel(directory: UpstreamDirectory, model: string): ModelEntry {
  const route = directory.resolve(model);
  if (route === undefined || !isDeployed(route)) throw modelNotFound(directory, model);
  return toModelEntry(route);
}

/** The 404 for a model name no deployment serves, listing the ones that exist. */
export function modelNotFound(directory: UpstreamDirectory, model: string): NotFoundError {
  const available = directory
    .list()
    .filter(isDeployed)
    .map((route) => route.model);
  const hint = available.length > 0 ? `Available: ${available.join(', ')}` : 'No model is deployed yet.';
  return new NotFoundError(`The model '${model}' does not exist. ${hint}`, 'model_not_found', {
    param: 'model',
  });
}
