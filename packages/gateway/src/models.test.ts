import { describe, expect, it } from 'vitest';
import type { ModelRoute, UpstreamDirectory } from '@hangar/core';
import { listModels, modelNotFound, retrieveModel } from './models.js';

function directoryOf(routes: ModelRoute[]): UpstreamDirectory {
  return { resolve: (model) => routes.find((route) => route.model === model), list: () => routes };
}

const deployed: ModelRoute = { model: 'r1', deploymentId: 'd1', upstreams: [], createdAt: 1_700_000_000_999 };
const orphan: ModelRoute = { model: 'ghost', deploymentId: '', upstreams: [], createdAt: 0 };

describe('models', () => {
  it('lists only models with a deployment, created in seconds', () => {
    expect(listModels(directoryOf([deployed, orphan]))).toEqual({
      object: 'list',
      data: [{ id: 'r1', object: 'model', created: 1_700_000_000, owned_by: 'hangar' }],
    });
  });

  it('retrieves one model or answers model_not_found', () => {
    const directory = directoryOf([deployed, orphan]);
    expect(retrieveModel(directory, 'r1').id).toBe('r1');
    expect(() => retrieveModel(directory, 'ghost')).toThrow(
      expect.objectContaining({ code: 'model_not_found' }),
    );
  });

  it('says which models exist, or that none does', () => {
    expect(modelNotFound(directoryOf([deployed]), 'x').message).toBe(
      "The model 'x' does not exist. Available: r1",
    );
    expect(modelNotFound(directoryOf([]), 'x').message).toBe(
      "The model 'x' does not exist. No model is deployed yet.",
    );
  });
});
