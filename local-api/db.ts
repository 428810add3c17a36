/**
 * The embedded database: PGlite (Postgres compiled to WASM), in memory or in a data directory.
 *
 * A brand-new PGlite instance runs initdb inside WASM, which takes seconds. So the schema is
 * built once into a template (a dumped data directory, cached under the OS temp directory and
 * keyed by a fingerprint of the schema and the PGlite version) and every new database starts
 * from a copy of it: well under a second.
 */
import { PGlite, types } from '@electric-sql/pglite';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { SCHEMA_SQL, schemaFingerprint } from './schema';
import { pgTimestampToIso } from './time';

export type Db = PGlite;

function pgliteVersion(): string {
  try {
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const pkg = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

const parsers = {
  // Every timestamptz comes back already formatted like Python's isoformat().
  [types.TIMESTAMPTZ]: (value: string) => pgTimestampToIso(value),
  // BIGINT (COUNT/SUM) as a JS number: these values stay far below 2^53.
  [types.INT8]: (value: string) => Number(value),
};

const LOCK_FILE = 'local-api.lock';

const TEMPLATE_DIR = path.join(os.tmpdir(), 'kalshibook-local-api');
let templateCache: Promise<Blob> | undefined;

async function buildTemplate(file: string): Promise<Blob> {
  const db = await PGlite.create();
  try {
    await db.exec(SCHEMA_SQL);
    const dump = await db.dumpDataDir('none');
    await mkdir(TEMPLATE_DIR, { recursive: true });
    // Write under a unique name and rename: concurrent test workers may build it at the same time.
    const partial = `${file}.${process.pid}.${Date.now()}.partial`;
    await writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
    await rename(partial, file);
    return dump;
  } finally {
    await db.close();
  }
}

const templateFile = (): string => path.join(TEMPLATE_DIR, `template-${schemaFingerprint(pgliteVersion())}.tar`);

/** Forgets a template that turned out to be unusable (e.g. a truncated file), so the next call rebuilds it. */
async function discardTemplate(): Promise<void> {
  templateCache = undefined;
  await unlink(templateFile()).catch(() => undefined);
}

/** Creates a PGlite instance from the template, rebuilding the template once if it is broken. */
async function createFromTemplate(options: { dataDir?: string }): Promise<PGlite> {
  try {
    return await PGlite.create({ ...options, parsers, loadDataDir: await schemaTemplate() });
  } catch {
    await discardTemplate();
    if (options.dataDir) {
      // Start over in an empty directory: a failed load may have left files behind.
      for (const entry of await readdir(options.dataDir)) {
        if (entry !== LOCK_FILE) await rm(path.join(options.dataDir, entry), { recursive: true, force: true });
      }
    }
    return PGlite.create({ ...options, parsers, loadDataDir: await schemaTemplate() });
  }
}

/** The schema template as a PGlite data-directory tarball (memoised per process). */
export function schemaTemplate(): Promise<Blob> {
  templateCache ??= (async () => {
    const file = templateFile();
    try {
      const bytes = await readFile(file);
      return new Blob([new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)]);
    } catch {
      return buildTemplate(file);
    }
  })();
  templateCache.catch(() => {
    templateCache = undefined;
  });
  return templateCache;
}

export interface OpenedDatabase {
  db: Db;
  /** True when the database was created by this call (nothing was there before). */
  created: boolean;
  close(): Promise<void>;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** PGlite does not lock its data directory; two servers on one directory would corrupt it. */
async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const lockPath = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lockPath, String(process.pid), { flag: 'wx' });
      return async () => {
        await unlink(lockPath).catch(() => undefined);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
        throw new Error(
          `The data directory ${dir} is in use by another local API (pid ${pid}). If no local API is running, delete ${lockPath}.`,
        );
      }
      await unlink(lockPath).catch(() => undefined);
    }
  }
  throw new Error(`Could not lock the data directory ${dir}.`);
}

/** Opens (or creates) the database. `dataDir` undefined = in memory. */
export async function openDatabase(dataDir?: string): Promise<OpenedDatabase> {
  if (dataDir === undefined) {
    const db = await createFromTemplate({});
    await db.exec("SET TIME ZONE 'UTC'");
    return { db, created: true, close: () => db.close() };
  }

  const dir = path.resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const unlock = await lockDataDir(dir);
  try {
    const exists = existsSync(path.join(dir, 'PG_VERSION'));
    if (!exists) {
      const entries = (await readdir(dir)).filter((name) => name !== LOCK_FILE);
      if (entries.length > 0) throw new Error(`${dir} is not empty and is not a local API data directory.`);
    }
    const db = exists ? await PGlite.create({ dataDir: dir, parsers }) : await createFromTemplate({ dataDir: dir });
    await db.exec("SET TIME ZONE 'UTC'");
    // Bring older directories up to date (the schema is idempotent).
    if (exists) await db.exec(SCHEMA_SQL);
    return {
      db,
      created: !exists,
      close: async () => {
        await db.close();
        await unlock();
      },
    };
  } catch (err) {
    await unlock();
    throw err;
  }
}

/** Runs a query and returns its rows. */
export async function rows<T>(db: Pick<Db, 'query'>, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query<T>(sql, params)).rows;
}

export async function firstRow<T>(db: Pick<Db, 'query'>, sql: string, params: unknown[] = []): Promise<T | undefined> {
  return (await db.query<T>(sql, params)).rows[0];
}
