/**
 * Allowed imports between Hangar's own packages (docs/architecture.md, "Layout"). Anything not listed is
 * forbidden. `gguf` (GGUF reader/writer) is an addition: see docs/decisions/0002-gguf-package.md. So is
 * `engine-http`: the HTTP helpers both engine processes (`engine-llama`, `engine-simulator`) share.
 */
const allowed = {
  core: [],
  contracts: [],
  gguf: [],
  config: ['core'],
  observability: ['core', 'config'],
  store: ['core', 'config', 'observability'],
  inventory: ['core', 'observability'],
  planner: ['core'],
  engines: ['core', 'config', 'observability', 'contracts'],
  'engine-http': ['core', 'contracts'],
  'engine-llama': ['core', 'contracts', 'observability', 'gguf', 'engine-http'],
  'engine-simulator': ['core', 'contracts', 'engine-http'],
  gateway: ['core', 'contracts', 'config', 'observability'],
  'model-store': ['core', 'config', 'observability'],
  knowledge: ['core', 'contracts', 'config', 'observability', 'store'],
  'api-client': ['contracts'],
  cli: ['contracts', 'api-client', 'config'],
  console: ['contracts', 'api-client'],
};
const all = Object.keys(allowed).concat(['testing', 'server']);

const forbidden = [
  {
    name: 'no-cycles',
    severity: 'error',
    from: {},
    to: { circular: true },
  },
  {
    name: 'no-deep-imports',
    comment: 'Import another package through its public entry (@hangar/x), never its src/.',
    severity: 'error',
    from: { path: '^(packages|apps)/([^/]+)/' },
    // Workspace imports resolve to the source entry (`@hangar/source` condition): src/index.ts is the public entry.
    to: { path: '^(packages|apps)/([^/]+)/src/(?!index\\.ts$)', pathNot: '^(packages|apps)/$2/' },
  },
];
for (const [name, deps] of Object.entries(allowed)) {
  const others = all.filter((other) => other !== name && !deps.includes(other));
  forbidden.push({
    name: `${name}-allowed-imports`,
    comment: `${name} may import only: ${deps.join(', ') || '(no other package)'}`,
    severity: 'error',
    from: { path: `^(packages|apps)/${name}/src/`, pathNot: '\\.test\\.ts$' },
    to: { path: `(^|/)(packages|apps)/(${others.join('|')})/`, dependencyTypesNot: ['type-only'] },
  });
}

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    exclude: { path: '(^|/)dist/|node_modules' },
    combinedDependencies: false,
    enhancedResolveOptions: {
      conditionNames: ['@hangar/source', 'import', 'default'],
      exportsFields: ['exports'],
    },
  },
};
