import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const FORBIDDEN = ['@libsql/client', 'pg', 'kysely', 'ioredis', 'bullmq', 'fastify', 'pino', 'ai', '@ai-sdk/'];

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

describe('src/core boundaries', () => {
  it('never imports a driver, a web framework or a model SDK', () => {
    const files = sourceFiles(new URL('.', import.meta.url).pathname);
    expect(files.length).toBeGreaterThan(10);
    const offenders: string[] = [];
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const specifier = match[1] ?? match[2] ?? '';
        if (FORBIDDEN.some((name) => specifier === name || (name.endsWith('/') ? specifier.startsWith(name) : specifier.startsWith(`${name}/`)))) {
          offenders.push(`${file}: ${specifier}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
