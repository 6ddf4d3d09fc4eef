/**
 * Times node-llama-cpp's native decode and sampling calls directly (no HTTP, no JS per-token work beyond the
 * calls), the way packages/engine-llama drives them, to split an engine-vs-llama-server gap into "the
 * prebuilt binary's kernels" and "everything around them". Bench-only; uses node-llama-cpp 3.22.1 internals.
 * usage: node bench/dist/engine/native-decode-probe.js <model.gguf> [threads=2] [sequences=1] [tokens=64]
 */
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';

interface Native {
  initBatch(size: number): void;
  addToBatch(
    sequenceId: number,
    firstTokenIndex: number,
    tokens: Uint32Array,
    logitIndexes: Uint32Array,
  ): Uint32Array;
  decodeBatch(): Promise<void>;
  sampleToken(batchLogitIndex: number, sampler: unknown): Promise<number>;
  removeTokenCellsFromSequence(sequenceId: number, start: number, end: number): boolean;
  setThreads(threads: number): void;
}
type SamplerClass = new (model: unknown) => { applyConfig(config: object): void; dispose(): void };

const [modelPath = '', threadsText = '2', sequencesText = '1', tokensText = '64'] = process.argv.slice(2);
const threads = Number(threadsText);
const sequences = Number(sequencesText);
const tokens = Number(tokensText);

// As the engine's main.ts does (see applyOpenMpDefaults in packages/engine-llama): unless set, before libgomp loads.
if (process.env.OMP_WAIT_POLICY === undefined && process.env.GOMP_SPINCOUNT === undefined) {
  process.env.OMP_WAIT_POLICY = 'ACTIVE';
  process.env.GOMP_SPINCOUNT = '300000';
}
const llama = await getLlama({
  gpu: false,
  maxThreads: threads,
  build: 'never',
  // The local OpenMP build of `npm run build:native` when there is one (as the engine), else the prebuilt one.
  cmakeOptions: { GGML_NATIVE: 'ON', GGML_OPENMP: 'ON' },
  logLevel: LlamaLogLevel.warn,
});
process.stdout.write(
  `binary: ${llama.buildType}, ${/\bOPENMP = 1\b/.test(llama.systemInfo) ? 'OpenMP' : 'no OpenMP'}\n`,
);
const model = await llama.loadModel({ modelPath });
const context = await model.createContext({
  sequences,
  contextSize: 512 * sequences,
  threads,
  flashAttention: true,
});
const internals = (value: object, name: string): unknown => (value as Record<string, unknown>)[name];
const native = internals(context, '_ctx') as Native;
const Sampler = internals(internals(llama, '_bindings') as object, 'AddonSampler') as SamplerClass;
const samplers = Array.from({ length: sequences }, () => {
  const sampler = new Sampler(internals(model, '_model'));
  sampler.applyConfig({ temperature: 0, topK: 40, topP: 1, minP: 0, seed: 1 });
  return sampler;
});
native.setThreads(threads);
const prompt = Uint32Array.from(model.tokenize('once upon a time there was a little robot'));

for (let run = 0; run < 4; run++) {
  let decodeMs = 0;
  let sampleMs = 0;
  const next = new Array<number>(sequences).fill(0);
  const positions = new Array<number>(sequences).fill(0);
  native.initBatch(prompt.length * sequences);
  const logits = Array.from({ length: sequences }, (_, id) => {
    positions[id] = prompt.length;
    return native.addToBatch(id, 0, prompt, Uint32Array.of(prompt.length - 1))[0]!;
  });
  await native.decodeBatch();
  for (let step = 0; step < tokens; step++) {
    let at = performance.now();
    for (let id = 0; id < sequences; id++) next[id] = await native.sampleToken(logits[id]!, samplers[id]);
    sampleMs += performance.now() - at;
    native.initBatch(sequences);
    for (let id = 0; id < sequences; id++) {
      logits[id] = native.addToBatch(id, positions[id]!++, Uint32Array.of(next[id]!), Uint32Array.of(0))[0]!;
    }
    at = performance.now();
    await native.decodeBatch();
    decodeMs += performance.now() - at;
  }
  for (let id = 0; id < sequences; id++) native.removeTokenCellsFromSequence(id, 0, -1);
  const steps = tokens;
  process.stdout.write(
    `run ${run}: threads ${threads}, sequences ${sequences}: decode ${(decodeMs / steps).toFixed(2)} ms/step, ` +
      `sample ${(sampleMs / steps).toFixed(3)} ms/step, ${((steps * sequences * 1000) / (decodeMs + sampleMs)).toFixed(1)} tok/s\n`,
  );
}
for (const sampler of samplers) sampler.dispose();
await context.dispose();
await model.dispose();
await llama.dispose();
