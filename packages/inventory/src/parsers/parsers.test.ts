import { describe, expect, it } from 'vitest';
import { parseNvidiaSmiCsv, parseNvidiaSmiList } from './nvidia-smi-csv.js';
import { parseNpuSmiInfo } from './npu-smi.js';
import { parseHygonSmiTable, parseRocmSmiJson } from './rocm-smi.js';
import { parseCpuInfo, parseMemInfo } from './proc.js';
import { isNotAvailable, parseNumber } from './values.js';

const MIB = 1024 * 1024;

// Small captures copied from ../shared/fixtures/accelerators (see its README for the sources), so that these
// parser tests run even where the shared fixtures are absent.
const P100_NOUNITS = `name, uuid, fan.speed [%], pstate, memory.reserved [MiB], memory.used [MiB], memory.free [MiB], utilization.gpu [%], utilization.memory [%], temperature.gpu, power.draw [W], clocks.current.graphics [MHz], clocks.current.sm [MHz], clocks.current.memory [MHz], clocks.current.video [MHz]
Tesla P100-PCIE-16GB, GPU-ef1b2c9b-38d8-2090-2bd1-f567a3eb42a6, [N/A], P0, 103, 0, 16280, 0, 0, 37, 28.16, 405, 405, 715, 835`;

const NPU_910B = `+------------------------------------------------------------------------------------------------+
| npu-smi 23.0.3                   Version: 23.0.3                                               |
+---------------------------+---------------+----------------------------------------------------+
| NPU   Name                | Health        | Power(W)    Temp(C)           Hugepages-Usage(page)|
| Chip                      | Bus-Id        | AICore(%)   Memory-Usage(MB)  HBM-Usage(MB)        |
+===========================+===============+====================================================+
| 0     910B2C              | OK            | 89.9        53                0    / 0             |
| 0                         | 0000:5A:00.0  | 0           0    / 0          3317 / 65536         |
+===========================+===============+====================================================+
| 1     910B2C              | OK            | 93.8        53                0    / 0             |
| 0                         | 0000:29:00.0  | 0           0    / 0          3316 / 65536         |
+===========================+===============+====================================================+
+---------------------------+---------------+----------------------------------------------------+
| NPU     Chip              | Process id    | Process name             | Process memory(MB)      |
+===========================+===============+====================================================+
| No running processes found in NPU 0                                                            |
+===========================+===============+====================================================+`;

const NPU_310P_NA = `+------------------------------------------------------------------------------------------------+
| npu-smi 22.0.2                           Version: 22.0.4                                       |
+-----------------------+-----------------+------------------------------------------------------+
| NPU     Name          | Health          | Power(W)     Temp(C)           Hugepages-Usage(page) |
| Chip    Device        | Bus-Id          | AICore(%)    Memory-Usage(MB)                        |
+=======================+=================+======================================================+
| 2144    310P3         | OK              | NA           47                0    / 0              |
| 0       0             | 0000:86:00.0    | 0            1807 / 21527                            |
+=======================+=================+======================================================+`;

const HYGON_HCU_JSON = `{
    "card0":
    {
        "Device ID": "0x6210",
        "Card Series": "K100_AI",
        "Card Vendor": "Chengdu Haiguang IC Design Co., Ltd.",
        "Average Graphics Package Power (W)": "77.0",
        "Temperature (Sensor junction) (C)": "35.0",
        "HCU use (%)": "0.0",
        "vram Total Memory (MiB)": "65520",
        "vram Total Used Memory (MiB)": "2"
    }
}`;

describe('value helpers', () => {
  it.each([['[N/A]'], ['N/A'], ['NA'], ['[Not Supported]'], ['-'], ['  ']])(
    'treats %j as not available',
    (value) => {
      expect(isNotAvailable(value)).toBe(true);
      expect(parseNumber(value)).toBeNull();
    },
  );
  it.each([
    ['81559 MiB', 81559],
    ['69.85 W', 69.85],
    ['30.0c', 30],
    ['0 %', 0],
  ])('reads the number of %j', (value, expected) => expect(parseNumber(value)).toBe(expected));
});

describe('parseNvidiaSmiCsv', () => {
  it('reads a nounits capture by header, with [N/A] and a computed total', () => {
    const [gpu] = parseNvidiaSmiCsv(P100_NOUNITS);
    expect(gpu).toMatchObject({
      id: 'nvidia-0',
      model: 'Tesla P100-PCIE-16GB',
      memoryUsedBytes: 0,
      memoryFreeBytes: 16280 * MIB,
      memoryTotalBytes: (16280 + 103) * MIB,
      temperatureC: 37,
      powerW: 28.16,
      busId: null,
    });
  });

  it('reads noheader rows with the default field list and rejoins names with commas', () => {
    const row =
      '3, GPU-1, NVIDIA H100, 80GB, 00000000:04:00.0, 590.48.01, 96.00, 81559, 20480, 61079, 0, 87, 55, [N/A], 9.0, Disabled';
    const [gpu] = parseNvidiaSmiCsv(row);
    expect(gpu).toMatchObject({
      id: 'nvidia-3',
      model: 'NVIDIA H100, 80GB',
      memoryTotalBytes: 81559 * MIB,
      utilizationPercent: 87,
      powerW: null,
      computeCapability: '9.0',
      mig: { enabled: false, devices: [] },
    });
    expect(gpu?.capabilities.precisions).toContain('fp8');
  });

  it('lists MIG slices with their profile memory', () => {
    const listed = parseNvidiaSmiList(
      'GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-0)\n  MIG 3g.40gb     Device  0: (UUID: MIG-0)\n  MIG 1g.10gb     Device  1: (UUID: MIG-1)',
    );
    expect(listed[0]?.migDevices.map((device) => [device.profile, device.memoryTotalBytes])).toEqual([
      ['3g.40gb', 40e9],
      ['1g.10gb', 10e9],
    ]);
  });
});

describe('parseNpuSmiInfo', () => {
  it('reads 910B real memory from HBM and stops at the process table', () => {
    const chips = parseNpuSmiInfo(NPU_910B);
    expect(chips.map((chip) => [chip.id, chip.memoryTotalBytes, chip.memoryUsedBytes, chip.powerW])).toEqual([
      ['ascend-0-0', 65536 * MIB, 3317 * MIB, 89.9],
      ['ascend-1-0', 65536 * MIB, 3316 * MIB, 93.8],
    ]);
    expect(chips[0]).toMatchObject({
      model: 'Ascend 910B2C',
      driverVersion: '23.0.3',
      busId: '0000:5A:00.0',
    });
    expect(chips[0]?.capabilities.engines).toEqual(['vllm-ascend', 'mindie']);
  });

  it('reads the 310P layout with NA power and a card-style NPU id', () => {
    expect(parseNpuSmiInfo(NPU_310P_NA)).toMatchObject([
      {
        id: 'ascend-2144-0',
        index: 0,
        powerW: null,
        temperatureC: 47,
        memoryTotalBytes: 21527 * MIB,
        driverVersion: '22.0.4',
      },
    ]);
  });
});

describe('rocm-smi / hy-smi', () => {
  it('reads Hygon HCU keys in MiB', () => {
    expect(parseRocmSmiJson(HYGON_HCU_JSON)).toMatchObject([
      {
        id: 'hygon-0',
        vendor: 'hygon',
        model: 'K100_AI',
        memoryTotalBytes: 65520 * MIB,
        memoryUsedBytes: 2 * MIB,
        powerW: 77,
      },
    ]);
  });
  it('reads the DCU table', () => {
    const table =
      'DCU  Temp   AvgPwr  Fan   Perf  PwrCap  VRAM%  DCU%\n0    30.0c  38.0W   0.0%  auto  280.0W    0%   5%';
    expect(parseHygonSmiTable(table)).toMatchObject([
      { temperatureC: 30, powerW: 38, utilizationPercent: 5 },
    ]);
  });
  it('throws a SyntaxError on output without JSON', () => {
    expect(() => parseRocmSmiJson('ERROR: GPU not found')).toThrow(SyntaxError);
  });
});

describe('/proc parsers', () => {
  it('reads cpuinfo counts from siblings and cpu cores', () => {
    const text =
      'processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Platinum 8480+\nphysical id\t: 0\nsiblings\t: 112\ncpu cores\t: 56\nflags\t\t: fpu avx avx2 avx512f\n';
    expect(parseCpuInfo(text)).toEqual({
      cpuModel: 'Intel(R) Xeon(R) Platinum 8480+',
      logicalCpus: 112,
      physicalCores: 56,
      sockets: 1,
      flags: ['fpu', 'avx', 'avx2', 'avx512f'],
    });
  });
  it('prefers MemAvailable and falls back to free + buffers + cached', () => {
    expect(parseMemInfo('MemTotal: 100 kB\nMemFree: 10 kB\nMemAvailable:   50 kB\n')).toEqual({
      memoryTotalBytes: 102400,
      memoryAvailableBytes: 51200,
    });
    expect(
      parseMemInfo('MemTotal: 100 kB\nMemFree: 10 kB\nBuffers: 5 kB\nCached: 20 kB\n').memoryAvailableBytes,
    ).toBe(35 * 1024);
  });
});
