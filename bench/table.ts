import fs from 'node:fs';
import path from 'node:path';
import { checkGoals } from './lib/goals.ts';
import { html, markdown } from './lib/report.ts';

/** `node --import tsx bench/table.ts [results.json]`: re-renders the table and chart of a saved run. */
const file = process.argv[2] ?? path.join(import.meta.dirname, 'results/latest.json');
const run = JSON.parse(fs.readFileSync(file, 'utf8'));
const goals = checkGoals(run.scenarios, run.options.full);
console.log(markdown(run.scenarios, goals));
fs.writeFileSync(file.replace(/\.json$/, '.html'), html(run.scenarios, goals, run.at));
