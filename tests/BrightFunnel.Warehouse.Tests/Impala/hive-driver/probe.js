// Runs one query through the third-party npm client `hive-driver` and prints what it read as JSON.
// Used by HiveDriverInteropTests: proof that a HiveServer2 client we did not write can talk to the
// local engine. Arguments come from the environment: HS2_HOST, HS2_PORT, HS2_MODE (nosasl | plain |
// http), HS2_USER, HS2_PASSWORD, HS2_SQL, HS2_FETCH.
'use strict';
const hive = require('hive-driver');
const { TCLIService, TCLIService_types } = hive.thrift;

async function main() {
  const env = process.env;
  const mode = env.HS2_MODE || 'nosasl';
  const credentials = { username: env.HS2_USER, password: env.HS2_PASSWORD };
  const connection = mode === 'http' ? new hive.connections.HttpConnection() : new hive.connections.TcpConnection();
  const auth = mode === 'nosasl' ? new hive.auth.NoSaslAuthentication()
    : mode === 'plain' ? new hive.auth.PlainTcpAuthentication(credentials)
    : new hive.auth.PlainHttpAuthentication(credentials);
  const client = new hive.HiveClient(TCLIService, TCLIService_types);
  const utils = new hive.HiveUtils(TCLIService_types);
  await client.connect({ host: env.HS2_HOST, port: Number(env.HS2_PORT), options: mode === 'http' ? { path: '/cliservice' } : {} }, connection, auth);
  const session = await client.openSession({ client_protocol: TCLIService_types.TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V10 });
  const operation = await session.executeStatement(env.HS2_SQL, { runAsync: true });
  operation.setMaxRows(Number(env.HS2_FETCH || 100));
  await utils.waitUntilReady(operation, false, () => {});
  await utils.fetchAll(operation);
  const batches = operation.getData().length;
  const rows = utils.getResult(operation).getValue();
  const schema = operation.getSchema().columns.map(c => ({ name: c.columnName, type: c.typeDesc.types[0].primitiveEntry.type }));
  await operation.close();
  await session.close();
  await client.close();
  process.stdout.write(JSON.stringify({ schema, batches, rows }));
}

main().catch(e => {
  process.stderr.write(String((e && e.stack) || e) + '\n');
  process.exit(1);
});
