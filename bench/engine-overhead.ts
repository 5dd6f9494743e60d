/**
 * bench/engine-overhead: the strategy-analysis DAG shape (3 gather steps → 4 framework steps →
 * synthesis → quality → report), each step waiting a fixed time as a model call would, run by
 * ConsultantOS's engine (in memory, and durably on SQLite) and by @langchain/langgraph side by
 * side in one process. Prints wall time ÷ critical-path floor and the overhead per step.
 *
 *   npx tsx bench/engine-overhead.ts [--step-ms 200] [--rounds 7]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Annotation, END, MemorySaver, START, StateGraph } from '@langchain/langgraph';
import { Engine, type StepHandler } from '../src/core/engine.js';
import { MemoryEventBus } from '../src/core/memory/memory-event-bus.js';
import { MemoryEvidenceStore } from '../src/core/memory/memory-evidence-store.js';
import { MemoryRunStore } from '../src/core/memory/memory-run-store.js';
import type { EvidenceStore } from '../src/core/ports/evidence-store.js';
import type { RunStore } from '../src/core/ports/run-store.js';
import { type WorkflowDefinition, criticalPathLength } from '../src/core/workflow.js';
import { storesOver } from '../src/store/open-stores.js';
import { openSqliteDatabase } from '../src/store/sqlite/open-sqlite-database.js';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const STEP_MS = argument('step-ms', 200);
const ROUNDS = argument('rounds', 7);

const GATHER = ['research', 'financial', 'market'];
const FRAMEWORKS = ['framework-porter', 'framework-swot', 'framework-pestel', 'framework-blue-ocean'];
const workflow: WorkflowDefinition = {
  name: 'bench',
  version: 1,
  concurrency: 8,
  steps: [
    ...GATHER.map((id) => ({ id, agent: 'wait', dependsOn: [] })),
    ...FRAMEWORKS.map((id) => ({ id, agent: 'wait', dependsOn: [...GATHER] })),
    { id: 'synthesis', agent: 'wait', dependsOn: [...FRAMEWORKS] },
    { id: 'quality', agent: 'wait', dependsOn: ['synthesis'] },
    { id: 'report', agent: 'wait', dependsOn: ['quality'] },
  ],
};
const FLOOR_MS = criticalPathLength(workflow, () => STEP_MS);
const STEP_COUNT = workflow.steps.length;

const wait: StepHandler = async (context) => {
  await sleep(STEP_MS, undefined, { signal: context.signal });
  return { output: { step: context.stepId } };
};

async function timeOurs(runs: RunStore, evidence: EvidenceStore): Promise<number> {
  const engine = new Engine({ runs, evidence, events: new MemoryEventBus(), handlers: new Map([['wait', wait]]) });
  const { run } = await engine.submit({ tenantId: 'bench', workflow, input: {} });
  const started = performance.now();
  const outcome = await engine.execute(run.id);
  const elapsed = performance.now() - started;
  if (outcome.kind !== 'finished' || outcome.status !== 'succeeded') throw new Error(`run ended ${JSON.stringify(outcome)}`);
  return elapsed;
}

const State = Annotation.Root({
  done: Annotation<string[]>({ reducer: (left, right) => left.concat(right), default: () => [] }),
});

function buildLangGraph(checkpointed = false) {
  const graph = new StateGraph(State);
  const node = (id: string) => async () => {
    await sleep(STEP_MS);
    return { done: [id] };
  };
  for (const step of workflow.steps) graph.addNode(step.id, node(step.id));
  const edges = graph as unknown as { addEdge(from: string | string[], to: string): unknown };
  for (const id of GATHER) edges.addEdge(START, id);
  for (const id of FRAMEWORKS) edges.addEdge([...GATHER], id);
  edges.addEdge([...FRAMEWORKS], 'synthesis');
  edges.addEdge('synthesis', 'quality');
  edges.addEdge('quality', 'report');
  edges.addEdge('report', END);
  return graph.compile(checkpointed ? { checkpointer: new MemorySaver() } : {});
}

let thread = 0;
async function timeLangGraph(compiled: ReturnType<typeof buildLangGraph>): Promise<number> {
  const started = performance.now();
  thread += 1;
  const result = (await compiled.invoke({ done: [] }, { configurable: { thread_id: `bench-${thread}` } })) as { done: string[] };
  const elapsed = performance.now() - started;
  if (result.done.length !== STEP_COUNT) throw new Error(`LangGraph ran ${result.done.length} steps`);
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'consultantos-bench-'));
  const database = await openSqliteDatabase({ path: join(directory, 'bench.db'), busyTimeoutMs: 5000, autoMigrate: true });
  const sqlite = storesOver(database);
  const memoryRuns = new MemoryRunStore();
  const memoryEvidence = new MemoryEvidenceStore();
  const compiled = buildLangGraph();
  const checkpointed = buildLangGraph(true);
  const samples: Record<string, number[]> = { 'consultantos (memory)': [], 'consultantos (sqlite, durable)': [], '@langchain/langgraph': [], 'langgraph + MemorySaver': [] };
  // One warm-up round each, then interleaved rounds so drift hits every contender alike.
  await timeOurs(memoryRuns, memoryEvidence);
  await timeOurs(sqlite.runs, sqlite.evidence);
  await timeLangGraph(compiled);
  await timeLangGraph(checkpointed);
  for (let round = 0; round < ROUNDS; round += 1) {
    samples['consultantos (memory)']!.push(await timeOurs(memoryRuns, memoryEvidence));
    samples['consultantos (sqlite, durable)']!.push(await timeOurs(sqlite.runs, sqlite.evidence));
    samples['@langchain/langgraph']!.push(await timeLangGraph(compiled));
    samples['langgraph + MemorySaver']!.push(await timeLangGraph(checkpointed));
  }
  await sqlite.close();
  rmSync(directory, { recursive: true, force: true });

  console.log(`engine-overhead: ${STEP_COUNT} steps, ${STEP_MS} ms each, critical-path floor ${FLOOR_MS} ms, ${ROUNDS} rounds (median)`);
  console.log('contender                         wall ms   ÷ floor   overhead/step ms');
  const reference = median(samples['@langchain/langgraph']!);
  for (const [name, values] of Object.entries(samples)) {
    const wall = median(values);
    console.log(`${name.padEnd(32)} ${wall.toFixed(1).padStart(8)}  ${(wall / FLOOR_MS).toFixed(4).padStart(8)}  ${((wall - FLOOR_MS) / STEP_COUNT).toFixed(2).padStart(12)}`);
  }
  console.log(`ratio ours (memory) ÷ langgraph wall: ${(median(samples['consultantos (memory)']!) / reference).toFixed(4)}`);
  console.log(`ratio ours (sqlite, durable) ÷ langgraph + MemorySaver wall: ${(median(samples['consultantos (sqlite, durable)']!) / median(samples['langgraph + MemorySaver']!)).toFixed(4)}`);
}

await main();
