/**
 * bench/exports: time and peak memory to export one full four-framework report (the shared
 * sample report) in every format, side by side in one run, with the Markdown rendering as the
 * reference. Times are medians of interleaved rounds in this process after a warm-up; peak
 * memory is measured in a fresh child process per format (growth of the peak resident set over
 * the child's baseline once every module is loaded), so formats do not inherit each other's heap.
 *
 *   npx tsx bench/exports.ts [--rounds 9] [--formats md,pdf]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { REPORT_EXPORT_FORMATS, renderExport } from '../src/reports/render/index.js';
import type { ReportExportFormat } from '../src/reports/render/index.js';
import { buildSampleReport } from '../test/support/sample-report.js';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const ROUNDS = Number(argument('rounds') ?? 9);
const PDF_TARGET_MS = 300;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const megabytes = (bytes: number) => bytes / (1024 * 1024);

interface MemorySample {
  format: ReportExportFormat;
  /** The child's peak resident set while rendering, minus its resident set just before. */
  peakRssGrowthBytes: number;
  peakRssBytes: number;
  outputBytes: number;
}

/** Child mode: load everything, settle, then render a few times and report the peak growth. */
async function measureMemory(format: ReportExportFormat): Promise<void> {
  const report = buildSampleReport();
  const collect = (globalThis as { gc?: () => void }).gc;
  // Loading happens once in a real process too; warm up a different format so the measured
  // one's lazy modules still count, then settle the heap.
  await renderExport(report, 'md');
  collect?.();
  // maxRSS may still hold a peak from module loading; the growth over the settled resident set
  // is therefore an upper bound of what rendering needs.
  const baseline = process.memoryUsage().rss;
  let outputBytes = 0;
  for (let round = 0; round < 3; round += 1) {
    const output = await renderExport(buildSampleReport(), format);
    outputBytes = typeof output === 'string' ? Buffer.byteLength(output) : output.length;
  }
  const peak = process.resourceUsage().maxRSS * 1024;
  const sample: MemorySample = { format, peakRssGrowthBytes: Math.max(0, peak - baseline), peakRssBytes: peak, outputBytes };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

function memoryInChild(format: ReportExportFormat): MemorySample {
  const script = fileURLToPath(import.meta.url);
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, '--child', format], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`memory child for ${format} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as MemorySample;
}

async function main(): Promise<void> {
  const child = argument('child');
  if (child !== undefined) {
    await measureMemory(child as ReportExportFormat);
    return;
  }
  const report = buildSampleReport();
  const selected = argument('formats')?.split(',');
  // Markdown is always measured: it is the reference every ratio divides by.
  const formats = REPORT_EXPORT_FORMATS.filter((format) => format === 'md' || selected === undefined || selected.includes(format));
  const times = new Map<ReportExportFormat, number[]>(formats.map((format) => [format, []]));
  for (const format of formats) await renderExport(report, format);
  for (let round = 0; round < ROUNDS; round += 1) {
    // Rotate the order so no format always runs right after the same neighbour (GC debt).
    for (let offset = 0; offset < formats.length; offset += 1) {
      const format = formats[(round + offset) % formats.length]!;
      const start = performance.now();
      await renderExport(buildSampleReport(), format);
      times.get(format)!.push(performance.now() - start);
    }
  }
  const memory = new Map(formats.map((format) => [format, memoryInChild(format)]));
  const reference = median(times.get('md')!);
  const referenceMemory = memory.get('md')!.peakRssBytes;
  console.log(`exports of one four-framework report (${report.evidence.length} evidence records), median of ${ROUNDS} interleaved rounds`);
  console.log('| Format | Median (ms) | ÷ Markdown | Peak RSS (MB) | ÷ Markdown | Peak RSS growth (MB) | Output (KB) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const format of formats) {
    const time = median(times.get(format)!);
    const sample = memory.get(format)!;
    console.log(
      `| ${format} | ${time.toFixed(1)} | ${(time / reference).toFixed(1)} | ${megabytes(sample.peakRssBytes).toFixed(0)} | ${(sample.peakRssBytes / referenceMemory).toFixed(2)} | ${megabytes(sample.peakRssGrowthBytes).toFixed(1)} | ${(sample.outputBytes / 1024).toFixed(1)} |`,
    );
  }
  const pdfTimes = times.get('pdf');
  if (pdfTimes !== undefined) {
    const pdf = median(pdfTimes);
    console.log(`PDF: median ${pdf.toFixed(1)} ms, fastest ${Math.min(...pdfTimes).toFixed(1)} ms (target ≤ ${PDF_TARGET_MS} ms: ${pdf <= PDF_TARGET_MS ? 'met' : 'NOT met'})`);
  }
}

await main();
