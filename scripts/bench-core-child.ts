/**
 * Measured by `npm run bench` in a process of its own, so nothing else counts: cold start of the
 * core on an existing database (open, migration check, first search) and its resident memory
 * after a round of searches. Prints one JSON object.
 */
import { performance } from 'node:perf_hooks';
import { CustomerRepo } from '../src/main/core/customers/customer-repo';
import { openDatabase } from '../src/main/core/store/database';

const [file, ...queries] = process.argv.slice(2);
if (!file) throw new Error('usage: bench-core-child FILE QUERY...');
const started = performance.now();
const db = openDatabase(file);
const repo = new CustomerRepo(db);
repo.search(queries[0] ?? 'a', 50);
const coldMs = performance.now() - started;
for (let round = 0; round < 5; round += 1) for (const q of queries) repo.search(q, 50);
console.log(JSON.stringify({ coldMs, rssMb: process.memoryUsage().rss / 1024 / 1024 }));
db.close();
