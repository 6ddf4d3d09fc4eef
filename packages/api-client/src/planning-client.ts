import type { CatalogModelView, EngineView, NodeView, PlanRequest, PlanResultView } from '@hangar/contracts';
import type { HttpTransport } from './http-transport.js';

/** Hardware, catalog and what-if plans. */
export interface PlanningApi {
  /** `GET /api/nodes`: each node's detected CPU, RAM and accelerators (with live memory, utilization, ...). */
  listNodes(): Promise<NodeView[]>;
  /** `GET /api/catalog`: the built-in model catalog. */
  listCatalog(): Promise<CatalogModelView[]>;
  /** `GET /api/catalog/:id`. */
  getCatalogModel(id: string): Promise<CatalogModelView>;
  /**
   * `POST /api/plans`: whether a model fits this node (or described hardware such as `8xH100-80G`), and how.
   * A refusal is an answer (`ok: false` with the reason and suggestions), not an error.
   */
  createPlan(request: PlanRequest): Promise<PlanResultView>;
  /** `GET /api/engines`: which inference engines this node has, with versions and how to install the others. */
  listEngines(): Promise<EngineView[]>;
}

/** The planning methods of the API client, over `http`. */
export function planningMethods(http: HttpTransport): PlanningApi {
  return {
    listNodes: async () => (await http.json<{ data: NodeView[] }>('/api/nodes')).data,
    listCatalog: async () => (await http.json<{ data: CatalogModelView[] }>('/api/catalog')).data,
    getCatalogModel: (id) => http.json<CatalogModelView>(`/api/catalog/${encodeURIComponent(id)}`),
    createPlan: (request) => http.json<PlanResultView>('/api/plans', { method: 'POST', body: request }),
    listEngines: async () => (await http.json<{ data: EngineView[] }>('/api/engines')).data,
  };
}
