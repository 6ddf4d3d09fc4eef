import { z } from 'zod';

/**
 * Every configuration key: its default, its `HANGAR_*` variable, what it means. Order of precedence:
 * defaults < `$HANGAR_HOME/hangar.yaml` < environment < CLI flags.
 */
export const CONFIG_KEYS = [
  {
    key: 'home',
    env: 'HANGAR_HOME',
    default: '~/.hangar',
    doc: 'Data directory: hangar.db, models/, logs/.',
  },
  { key: 'host', env: 'HANGAR_HOST', default: '127.0.0.1', doc: 'Address the server listens on.' },
  {
    key: 'port',
    env: 'HANGAR_PORT',
    default: '8080',
    doc: 'Port of the admin API, the console and the /v1 gateway.',
  },
  {
    key: 'adminPassword',
    env: 'HANGAR_ADMIN_PASSWORD',
    default: '(generated)',
    doc: 'Initial admin password, used on first start only.',
  },
  {
    key: 'modelDirs',
    env: 'HANGAR_MODEL_DIRS',
    default: '$HANGAR_HOME/models',
    doc: 'Colon-separated directories from which local model files may be registered.',
  },
  {
    key: 'logLevel',
    env: 'HANGAR_LOG_LEVEL',
    default: 'info',
    doc: 'pino log level: trace, debug, info, warn, error.',
  },
  {
    key: 'instancePortStart',
    env: 'HANGAR_INSTANCE_PORT_START',
    default: '39000',
    doc: 'First port given to engine instances.',
  },
  {
    key: 'engineThreads',
    env: 'HANGAR_ENGINE_THREADS',
    default: '(cores / replicas, at least 1)',
    doc: 'CPU threads per embedded-engine instance unless the deployment sets them.',
  },
  {
    key: 'reconcileIntervalMs',
    env: 'HANGAR_RECONCILE_INTERVAL_MS',
    default: '1000',
    doc: 'How often desired and observed state are compared.',
  },
  {
    key: 'inventoryIntervalMs',
    env: 'HANGAR_INVENTORY_INTERVAL_MS',
    default: '15000',
    doc: 'How often accelerators and host memory are detected again.',
  },
  {
    key: 'shutdownGraceMs',
    env: 'HANGAR_SHUTDOWN_GRACE_MS',
    default: '5000',
    doc: 'How long streams may drain and instances may exit on shutdown.',
  },
  {
    key: 'huggingFaceEndpoint',
    env: 'HANGAR_HF_ENDPOINT (or HF_ENDPOINT)',
    default: 'https://huggingface.co',
    doc: 'Hugging Face endpoint or mirror (e.g. https://hf-mirror.com).',
  },
  {
    key: 'huggingFaceToken',
    env: 'HANGAR_HF_TOKEN (or HF_TOKEN)',
    default: '(none)',
    doc: 'Token for gated or private Hugging Face repositories.',
  },
  {
    key: 'modelScopeEndpoint',
    env: 'HANGAR_MODELSCOPE_ENDPOINT',
    default: 'https://www.modelscope.cn',
    doc: 'ModelScope endpoint or mirror.',
  },
  {
    key: 'modelScopeToken',
    env: 'HANGAR_MODELSCOPE_TOKEN',
    default: '(none)',
    doc: 'ModelScope access token.',
  },
  {
    key: 'enginePaths',
    env: 'HANGAR_ENGINE_PATHS',
    default: '(PATH)',
    doc: 'Where engines are, as engine=path pairs separated by commas: an executable or a Python venv (vllm=/opt/vllm-venv).',
  },
  {
    key: 'simulatedAccelerators',
    env: 'HANGAR_SIMULATED_ACCELERATORS',
    default: '(none)',
    doc: 'For tests and demos only: accelerators to pretend this node has (e.g. 1xL40S-48G), shown as simulated; pair with the simulator engine or fake engines.',
  },
  {
    key: 'server',
    env: 'HANGAR_SERVER',
    default: 'http://127.0.0.1:8080',
    doc: 'CLI: the server to talk to.',
  },
  { key: 'token', env: 'HANGAR_TOKEN', default: '(none)', doc: 'CLI: session token or API key to use.' },
] as const;

const positiveInt = z.coerce.number().int().positive();

export const serverConfigSchema = z.object({
  home: z.string().min(1),
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  adminPassword: z.string().min(8, 'HANGAR_ADMIN_PASSWORD needs at least 8 characters').optional(),
  modelDirs: z.array(z.string().min(1)).default([]),
  logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  instancePortStart: z.coerce.number().int().min(1024).max(65000).default(39000),
  engineThreads: positiveInt.optional(),
  reconcileIntervalMs: positiveInt.default(1000),
  shutdownGraceMs: positiveInt.default(5000),
  inventoryIntervalMs: positiveInt.default(15_000),
  huggingFaceEndpoint: z.url().optional(),
  huggingFaceToken: z.string().min(1).optional(),
  modelScopeEndpoint: z.url().optional(),
  modelScopeToken: z.string().min(1).optional(),
  enginePaths: z.record(z.string(), z.string().min(1)).default({}),
  simulatedAccelerators: z.string().min(1).optional(),
});

export type ServerConfig = Readonly<z.infer<typeof serverConfigSchema>>;

export const clientConfigSchema = z.object({
  home: z.string().min(1),
  server: z.url().default('http://127.0.0.1:8080'),
  token: z.string().min(1).optional(),
});

export type ClientConfig = Readonly<z.infer<typeof clientConfigSchema>>;
