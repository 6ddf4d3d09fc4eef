const floatView = new Float32Array(1);
const bitsView = new Uint32Array(floatView.buffer);

/** IEEE half-precision bits of `value`, rounded to nearest even (as ggml's `GGML_FP32_TO_FP16`). */
export function toFloat16Bits(value: number): number {
  floatView[0] = value;
  const bits = bitsView[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200);
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    if (halfExponent < -10) return sign;
    const shift = 14 - halfExponent;
    return sign | roundShift(mantissa | 0x800000, shift);
  }
  // A carry out of the mantissa correctly bumps the exponent (up to infinity).
  return sign | ((halfExponent << 10) + roundShift(mantissa, 13));
}

function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  return rest > halfway || (rest === halfway && (kept & 1) === 1) ? kept + 1 : kept;
}

/** The number that half-precision `bits` encode. */
export function fromFloat16Bits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** Elements per Q8_0 block. */
export const q8BlockSize = 32;
/** Bytes per Q8_0 block: an f16 scale and 32 int8 quants. */
export const q8BlockBytes = 34;

/** Encodes `values` (a multiple of 32 long) as Q8_0 blocks, as ggml's `quantize_row_q8_0_ref`. */
export function encodeQ8_0(values: Float32Array): Buffer {
  const blocks = values.length / q8BlockSize;
  const out = Buffer.alloc(blocks * q8BlockBytes);
  for (let block = 0; block < blocks; block++) {
    const from = block * q8BlockSize;
    let absMax = 0;
    for (let index = 0; index < q8BlockSize; index++)
      absMax = Math.max(absMax, Math.abs(values[from + index]!));
    const scale = absMax / 127;
    const inverse = scale === 0 ? 0 : 1 / scale;
    const at = block * q8BlockBytes;
    out.writeUInt16LE(toFloat16Bits(scale), at);
    for (let index = 0; index < q8BlockSize; index++) {
      const scaled = values[from + index]! * inverse;
      // roundf() rounds halves away from zero; Math.round() would round -2.5 to -2.
      out.writeInt8(Math.sign(scaled) * Math.round(Math.abs(scaled)), at + 2 + index);
    }
  }
  return out;
}

/** Encodes `values` as little-endian f16. */
export function encodeF16(values: Float32Array): Buffer {
  const out = Buffer.alloc(values.length * 2);
  for (let index = 0; index < values.length; index++)
    out.writeUInt16LE(toFloat16Bits(values[index]!), index * 2);
  return out;
}

/** Encodes `values` as little-endian f32. */
export function encodeF32(values: Float32Array): Buffer {
  const out = Buffer.alloc(values.length * 4);
  for (let index = 0; index < values.length; index++) out.writeFloatLE(values[index]!, index * 4);
  return out;
}
