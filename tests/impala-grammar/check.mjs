// Reads statements as JSON lines ({"id": …, "sql": "…"}) from the file named first (or stdin) and writes one JSON line per
// statement: {"id": …, "errors": [{"line", "column", "message"}]}, from DTStack's ANTLR4 Impala
// grammar (npm dt-sql-parser, pinned in package.json): a grammar that is not ours.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ImpalaSQL } from 'dt-sql-parser';

const parser = new ImpalaSQL();
const input = process.argv[2] ? createReadStream(process.argv[2]) : process.stdin;
const lines = createInterface({ input, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const { id, sql } = JSON.parse(line);
  const errors = parser.validate(sql).map(e => ({ line: e.startLine, column: e.startColumn, message: e.message }));
  process.stdout.write(JSON.stringify({ id, errors }) + '\n');
}
