import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  parseCpuInfo,
  parseHygonSmiTable,
  parseMemInfo,
  parseMthreadsGmi,
  parseNpuSmiInfo,
  parseNpuSmiKeyValues,
  parseNpuSmiMapping,
  parseNvidiaSmiCsv,
  parseNvidiaSmiList,
  parseNvidiaSmiXml,
  parseRocmSmiJson,
} from './index.js';

// Recorded vendor-tool outputs shared by the project, at ../shared/fixtures relative to the repository root.
const root = fileURLToPath(new URL('../../../../shared/fixtures/accelerators/', import.meta.url));
const hasFixtures = existsSync(root);
const read = (path: string): string => readFileSync(`${root}${path}`, 'utf8');
const MIB = 1024 * 1024;

// Skipped only where the checkout has no ../shared/fixtures (the unit tests carry copies of a few captures).
describe.skipIf(!hasFixtures)('accelerator fixtures', () => {
  it('covers every capture in the fixture directory', () => {
    const files = ['nvidia', 'amd', 'hygon', 'ascend', 'mthreads', 'linux'].flatMap((dir) =>
      readdirSync(`${root}${dir}`).map((file) => `${dir}/${file}`),
    );
    expect(files.filter((file) => !COVERED.has(file))).toEqual([]);
  });

  it.each([
    ['h100-80gb-hbm3_drv590.48.01_idle', 'NVIDIA H100 80GB HBM3', 81559, 0, 81081, 0, 69.85, false],
    ['h100-80gb-hbm3_drv590.48.01_load', 'NVIDIA H100 80GB HBM3', 81559, 19818, 61263, 100, 631.95, false],
    [
      'h100-80gb-hbm3-mig-enabled_drv590.48.01_idle',
      'NVIDIA H100 80GB HBM3',
      81559,
      59,
      81022,
      null,
      71.15,
      true,
    ],
    [
      'geforce-rtx-4080-super_drv595.71.05_load',
      'NVIDIA GeForce RTX 4080 SUPER',
      16376,
      1474,
      14470,
      7,
      84.24,
      null,
    ],
    ['l40s_drv595.80_idle', 'NVIDIA L40S', 46068, 0, 45460, 100, 144.97, null],
  ] as const)(
    'nvidia all-fields csv %s',
    (name, model, totalMib, usedMib, freeMib, utilization, power, mig) => {
      const [gpu, extra] = parseNvidiaSmiCsv(read(`nvidia/nvidia-smi_query-gpu-all-fields_${name}.csv`));
      expect(extra).toBeUndefined();
      expect(gpu).toMatchObject({
        model,
        memoryTotalBytes: totalMib * MIB,
        memoryUsedBytes: usedMib * MIB,
        memoryFreeBytes: freeMib * MIB,
        utilizationPercent: utilization,
        powerW: power,
        uuid: 'GPU-00000000-0000-0000-0000-000000000000',
      });
      expect(gpu?.mig?.enabled ?? null).toBe(mig);
    },
  );

  it('nvidia nounits subset csv (P100)', () => {
    expect(
      parseNvidiaSmiCsv(read('nvidia/nvidia-smi_query-gpu-subset_csv-nounits_tesla-p100-pcie-16gb.csv')),
    ).toMatchObject([
      { model: 'Tesla P100-PCIE-16GB', memoryTotalBytes: 16383 * MIB, temperatureC: 37, powerW: 28.16 },
    ]);
  });

  it('nvidia -L with MIG children', () => {
    const [gpu] = parseNvidiaSmiList(
      read('nvidia/nvidia-smi_-L_h100-80gb-hbm3-mig-enabled_drv590.48.01.txt'),
    );
    expect(gpu?.migDevices.map((device) => device.profile)).toEqual([
      '3g.40gb',
      '2g.20gb',
      '1g.10gb',
      '1g.10gb',
    ]);
  });

  it('nvidia XML v11 with eight GPUs', () => {
    const gpus = parseNvidiaSmiXml(
      read('nvidia/nvidia-smi_-q-x_8x-tesla-v100s-pcie-32gb_drv460.73.01_dtd-v11.xml'),
    );
    expect(gpus).toHaveLength(8);
    expect(gpus[0]).toMatchObject({
      model: 'Tesla V100S-PCIE-32GB',
      memoryTotalBytes: 32510 * MIB,
      memoryUsedBytes: 31689 * MIB,
      utilizationPercent: 97,
      temperatureC: 66,
      powerW: 232.8,
      busId: '00000000:00:0D.0',
      driverVersion: '460.73.01',
    });
    // v11 prints current_mig N/A: no MIG on this GPU.
    expect(gpus[0]?.mig).toBeNull();
  });

  it('nvidia XML v12 with MIG slices and the GPU memory outside them', () => {
    const [gpu, ...rest] = parseNvidiaSmiXml(
      read('nvidia/nvidia-smi_-q-x_a100-sxm4-80gb-mig-enabled_drv535.54.03_dtd-v12.xml'),
    );
    expect(rest).toEqual([]);
    expect(gpu).toMatchObject({
      model: 'NVIDIA A100-SXM4-80GB',
      memoryTotalBytes: 81920 * MIB,
      utilizationPercent: null,
      powerW: 67.03,
    });
    expect(gpu?.mig?.devices.map((device) => device.memoryTotalBytes)).toEqual(Array(4).fill(19968 * MIB));
  });

  it.each([
    ['geforce-rtx-3080_drv595.58.03_dtd-v13', [[10240, 9184, 65, 139.62]]],
    [
      '2x-rtx-a5000_drv590.44.01_dtd-v13',
      [
        [24564, 22437, 0, 6.41],
        [24564, 17253, 0, 13.6],
      ],
    ],
  ] as const)('nvidia XML v13 %s', (name, expected) => {
    const gpus = parseNvidiaSmiXml(read(`nvidia/nvidia-smi_-q-x_${name}.xml`));
    expect(
      gpus.map((gpu) => [
        gpu.memoryTotalBytes! / MIB,
        gpu.memoryUsedBytes! / MIB,
        gpu.utilizationPercent,
        gpu.powerW,
      ]),
    ).toEqual(expected);
  });

  it.each([
    [
      'amd/rocm-smi_json_4x-instinct-mi100_rocm6.0.2.json',
      4,
      'amd',
      'Arcturus GL-XL [Instinct MI100]',
      34342961152,
      6750208,
      36,
      '6.3.6',
    ],
    [
      'amd/rocm-smi_json_radeon-rx6700xt_rocm6.1.2.json',
      1,
      'amd',
      'Navi 22 [Radeon RX 6700/6700 XT / 6800M]',
      12868124672,
      1572745216,
      6,
      '6.3.6',
    ],
    [
      'amd/rocm-smi_json_radeon-rx7800xt_rocm6.2.4.json',
      1,
      'amd',
      'Navi 32 [Radeon RX 7700 XT / 7800 XT]',
      17163091968,
      11615076352,
      53,
      null,
    ],
    [
      'hygon/rocm-smi_json_dcu-k100-class_dtk24.04.3.json',
      1,
      'hygon',
      'DCU xxxx',
      65520 * MIB,
      2 * MIB,
      80,
      null,
    ],
    [
      'hygon/rocm-smi_json_z100l_dtk-pre-25.04_anonymized.json',
      1,
      'hygon',
      'Z100L',
      32752 * MIB,
      2 * MIB,
      38,
      null,
    ],
    [
      'hygon/rocm-smi_json_k100-ai_dtk-newer-than-25.04_HCU-keys_anonymized.json',
      1,
      'hygon',
      'K100_AI',
      65520 * MIB,
      2 * MIB,
      77,
      null,
    ],
  ] as const)('rocm-smi JSON %s', (file, count, vendor, model, total, used, power, driver) => {
    const devices = parseRocmSmiJson(read(file));
    expect(devices).toHaveLength(count);
    expect(devices[0]).toMatchObject({
      vendor,
      model,
      memoryTotalBytes: total,
      memoryUsedBytes: used,
      powerW: power,
      driverVersion: driver,
    });
  });

  it('hygon rocm-smi table', () => {
    const devices = parseHygonSmiTable(read('hygon/rocm-smi_table_4x-dcu_dtk23.10.1.txt'));
    expect(devices.map((device) => [device.index, device.temperatureC, device.powerW])).toEqual([
      [0, 30, 38],
      [1, 30, 41],
      [2, 29, 38],
      [3, 29, 39],
    ]);
  });

  it.each([
    ['npu-smi_info_2x-ascend910B2C_npusmi23.0.3.txt', 2, 'Ascend 910B2C', 65536, 3317, 89.9, 'OK'],
    ['npu-smi_info_atlas800-9010_8x-ascend910A_npusmi22.0.3.1.txt', 8, 'Ascend 910A', 32768, 0, 67.2, 'OK'],
    [
      'npu-smi_info_atlas800-9010_8x-ascend910_npusmi24.1.RC2_with-processes.txt',
      8,
      'Ascend xxx',
      32768,
      0,
      70.5,
      'OK',
    ],
    [
      'npu-smi_info_ascend310P3_npusmi22.0.2-drv22.0.4_power-NA.txt',
      1,
      'Ascend 310P3',
      21527,
      1807,
      null,
      'OK',
    ],
    ['npu-smi_info_2x-ascend310P3_no-version-header.txt', 2, 'Ascend 310P3', 21534, 1074, 15.8, 'OK'],
    ['npu-smi_info_atlas800-3000_4x-ascend310_npusmi20.2.0.txt', 4, 'Ascend 310', 8192, 2703, 12.8, 'OK'],
    ['npu-smi_info_atlas800-3000_4x-ascend310_npusmi21.0.4.txt', 4, 'Ascend 310', 8192, 2703, 12.8, 'OK'],
    ['npu-smi_info_ascend950_doc-example.txt', 1, 'Ascend xxx', 86016, 4439, 204.4, 'OK'],
  ] as const)('npu-smi info %s', (file, count, model, totalMb, usedMb, power, health) => {
    const chips = parseNpuSmiInfo(read(`ascend/${file}`));
    expect(chips).toHaveLength(count);
    expect(chips[0]).toMatchObject({
      model,
      memoryTotalBytes: totalMb * MIB,
      memoryUsedBytes: usedMb * MIB,
      powerW: power,
      health,
    });
  });

  it('npu-smi keeps chips of a shared NPU id apart and shows Warning health', () => {
    expect(
      parseNpuSmiInfo(read('ascend/npu-smi_info_atlas800-3000_4x-ascend310_npusmi20.2.0.txt')).map(
        (chip) => chip.id,
      ),
    ).toEqual(['ascend-215-0', 'ascend-215-1', 'ascend-215-2', 'ascend-215-3']);
    const chips = parseNpuSmiInfo(
      read('ascend/npu-smi_info_atlas800-9010_8x-ascend910_npusmi24.1.RC2_with-processes.txt'),
    );
    expect(chips.filter((chip) => chip.health === 'Warning').map((chip) => chip.index)).toEqual([3, 7]);
  });

  it.each([
    ['npu-smi_info-l_8x-ascend910B_drv25.5.1.txt', 9, { 'NPU ID': '7', 'Chip Count': '1' }],
    ['npu-smi_info-l_ascend950_doc-example.txt', 2, { 'NPU ID': '0', 'Product Name': 'A5 PCIe Card' }],
    [
      'npu-smi_info-t-board-i0_ascend910B_drv25.5.1.txt',
      1,
      { 'Firmware Version': '7.8.0.6.201', 'PCIe Bus Info': '0000:C1:00.0' },
    ],
    ['npu-smi_info-t-memory-i0_ascend950_doc-example.txt', 1, { 'HBM Capacity(MB)': '131072' }],
    [
      'npu-smi_info-t-power-i0_ascend910B_drv25.5.1.txt',
      2,
      { 'NPU Real-time Power(W)': '103.5', 'Chip ID': '0' },
    ],
    ['npu-smi_info-t-temp-i0_ascend910B_drv25.5.1.txt', 3, { 'LM75A_TE (C)': '36', 'Chip Name': 'MCU' }],
    [
      'npu-smi_info-t-usages-i0_ascend910B_drv25.5.1.txt',
      2,
      { 'HBM Capacity(MB)': '65536', 'HBM Usage Rate(%)': '5' },
    ],
    [
      'npu-smi_info-t-usages-i0_ascend950_doc-example.txt',
      1,
      { 'HBM Capacity(MB)': '131072', 'Ctrlcpu Usage Rate(%)': '40' },
    ],
  ] as const)('npu-smi key/value %s', (file, blocks, last) => {
    const parsed = parseNpuSmiKeyValues(read(`ascend/${file}`));
    expect(parsed).toHaveLength(blocks);
    expect(parsed.at(-1)).toMatchObject(last);
  });

  it.each([
    [
      'npu-smi_info-m_atlas800-3000_ascend310-with-mcu.txt',
      4,
      { npuId: 6, chipId: 3, logicId: 3, chipName: 'MiniD' },
    ],
    [
      'npu-smi_info-m_atlas800-9010_8x-ascend910A.txt',
      8,
      { npuId: 7, chipId: 0, logicId: 7, chipName: 'Ascend 910A' },
    ],
    ['npu-smi_info-m_ascend950_doc-example.txt', 1, { npuId: 0, chipId: 0, logicId: null, chipName: 'xxx' }],
  ] as const)('npu-smi -m %s skips the MCU', (file, count, last) => {
    const chips = parseNpuSmiMapping(read(`ascend/${file}`));
    expect(chips).toHaveLength(count);
    expect(chips.at(-1)).toEqual(last);
  });

  it('mthreads-gmi partial capture with used above total', () => {
    expect(
      parseMthreadsGmi(read('mthreads/mthreads-gmi_mtt-s4000_gmi1.12.2_drv1.2.0_partial.txt')),
    ).toMatchObject([
      {
        model: 'MTT S4000',
        memoryTotalBytes: 32768 * MIB,
        memoryUsedBytes: 44302 * MIB,
        memoryFreeBytes: 0,
        utilizationPercent: 88,
        temperatureC: 65,
        driverVersion: '1.2.0',
        busId: '00000000:08:00.0',
      },
    ]);
  });

  it.each([
    [
      'proc-cpuinfo_intel-core-i7-8650u_8-logical-cpus.txt',
      'Intel(R) Core(TM) i7-8650U CPU @ 1.90GHz',
      8,
      4,
      false,
    ],
    [
      'proc-cpuinfo_xeon-platinum-8480plus_first-4-of-112-cpus.txt',
      'Intel(R) Xeon(R) Platinum 8480+',
      112,
      56,
      true,
    ],
  ] as const)('cpuinfo %s', (file, model, logical, cores, avx512) => {
    const cpu = parseCpuInfo(read(`linux/${file}`));
    expect(cpu).toMatchObject({ cpuModel: model, logicalCpus: logical, physicalCores: cores });
    expect(cpu.flags.includes('avx2')).toBe(true);
    expect(cpu.flags.includes('avx512f')).toBe(avx512);
  });

  it.each([
    ['proc-meminfo_16g-host.txt', 16201888, 14221924],
    ['proc-meminfo_256g-server_hugepages-2048.txt', 264026876, 260015468],
  ] as const)('meminfo %s', (file, totalKib, availableKib) => {
    expect(parseMemInfo(read(`linux/${file}`))).toEqual({
      memoryTotalBytes: totalKib * 1024,
      memoryAvailableBytes: availableKib * 1024,
    });
  });
});

const COVERED = new Set([
  'nvidia/nvidia-smi_-L_h100-80gb-hbm3-mig-enabled_drv590.48.01.txt',
  'nvidia/nvidia-smi_-q-x_2x-rtx-a5000_drv590.44.01_dtd-v13.xml',
  'nvidia/nvidia-smi_-q-x_8x-tesla-v100s-pcie-32gb_drv460.73.01_dtd-v11.xml',
  'nvidia/nvidia-smi_-q-x_a100-sxm4-80gb-mig-enabled_drv535.54.03_dtd-v12.xml',
  'nvidia/nvidia-smi_-q-x_geforce-rtx-3080_drv595.58.03_dtd-v13.xml',
  'nvidia/nvidia-smi_query-gpu-all-fields_geforce-rtx-4080-super_drv595.71.05_load.csv',
  'nvidia/nvidia-smi_query-gpu-all-fields_h100-80gb-hbm3-mig-enabled_drv590.48.01_idle.csv',
  'nvidia/nvidia-smi_query-gpu-all-fields_h100-80gb-hbm3_drv590.48.01_idle.csv',
  'nvidia/nvidia-smi_query-gpu-all-fields_h100-80gb-hbm3_drv590.48.01_load.csv',
  'nvidia/nvidia-smi_query-gpu-all-fields_l40s_drv595.80_idle.csv',
  'nvidia/nvidia-smi_query-gpu-subset_csv-nounits_tesla-p100-pcie-16gb.csv',
  'amd/rocm-smi_json_4x-instinct-mi100_rocm6.0.2.json',
  'amd/rocm-smi_json_radeon-rx6700xt_rocm6.1.2.json',
  'amd/rocm-smi_json_radeon-rx7800xt_rocm6.2.4.json',
  'hygon/rocm-smi_json_dcu-k100-class_dtk24.04.3.json',
  'hygon/rocm-smi_json_k100-ai_dtk-newer-than-25.04_HCU-keys_anonymized.json',
  'hygon/rocm-smi_json_z100l_dtk-pre-25.04_anonymized.json',
  'hygon/rocm-smi_table_4x-dcu_dtk23.10.1.txt',
  'ascend/npu-smi_info-l_8x-ascend910B_drv25.5.1.txt',
  'ascend/npu-smi_info-l_ascend950_doc-example.txt',
  'ascend/npu-smi_info-m_ascend950_doc-example.txt',
  'ascend/npu-smi_info-m_atlas800-3000_ascend310-with-mcu.txt',
  'ascend/npu-smi_info-m_atlas800-9010_8x-ascend910A.txt',
  'ascend/npu-smi_info-t-board-i0_ascend910B_drv25.5.1.txt',
  'ascend/npu-smi_info-t-memory-i0_ascend950_doc-example.txt',
  'ascend/npu-smi_info-t-power-i0_ascend910B_drv25.5.1.txt',
  'ascend/npu-smi_info-t-temp-i0_ascend910B_drv25.5.1.txt',
  'ascend/npu-smi_info-t-usages-i0_ascend910B_drv25.5.1.txt',
  'ascend/npu-smi_info-t-usages-i0_ascend950_doc-example.txt',
  'ascend/npu-smi_info_2x-ascend310P3_no-version-header.txt',
  'ascend/npu-smi_info_2x-ascend910B2C_npusmi23.0.3.txt',
  'ascend/npu-smi_info_ascend310P3_npusmi22.0.2-drv22.0.4_power-NA.txt',
  'ascend/npu-smi_info_ascend950_doc-example.txt',
  'ascend/npu-smi_info_atlas800-3000_4x-ascend310_npusmi20.2.0.txt',
  'ascend/npu-smi_info_atlas800-3000_4x-ascend310_npusmi21.0.4.txt',
  'ascend/npu-smi_info_atlas800-9010_8x-ascend910A_npusmi22.0.3.1.txt',
  'ascend/npu-smi_info_atlas800-9010_8x-ascend910_npusmi24.1.RC2_with-processes.txt',
  'mthreads/mthreads-gmi_mtt-s4000_gmi1.12.2_drv1.2.0_partial.txt',
  'linux/proc-cpuinfo_intel-core-i7-8650u_8-logical-cpus.txt',
  'linux/proc-cpuinfo_xeon-platinum-8480plus_first-4-of-112-cpus.txt',
  'linux/proc-meminfo_16g-host.txt',
  'linux/proc-meminfo_256g-server_hugepages-2048.txt',
]);
