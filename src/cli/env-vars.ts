/**
 * Environment variables that have no `tributary start` option (those that do are in
 * start-options.ts). Help and docs/cli.md are written from these two tables.
 */
export const ENV_ONLY: readonly { name: string; description: string }[] = [
  { name: 'TRIBUTARY_ACCOUNT_ID', description: 'account used when the access key id is not 12 digits (default 123456789012)' },
  { name: 'TRIBUTARY_REGION', description: 'region used when a request names none (default us-east-1)' },
  { name: 'TRIBUTARY_FUNCTION_LOGS', description: '0 hides function output in the terminal (default 1)' },
  { name: 'TRIBUTARY_MAX_CONCURRENCY', description: 'concurrent instances of one function without reserved concurrency (default 10)' },
  { name: 'TRIBUTARY_INSTANCE_IDLE_MS', description: 'idle instances stop after this long (default 600000)' },
  { name: 'TRIBUTARY_ASYNC_RETRY_DELAY_SCALE', description: 'multiplies async retry back-off delays; 1 is AWS’s timing (default 1)' },
  { name: 'TRIBUTARY_HEADERS_TIMEOUT_MS', description: 'a client must send its request headers within this (default 20000)' },
  { name: 'TRIBUTARY_BODY_IDLE_MS', description: 'a request body that pauses longer is dropped (default 60000)' },
  { name: 'TRIBUTARY_MAX_CONNECTIONS_PER_CLIENT', description: 'connections one client address may hold open (default 512)' },
  { name: 'TRIBUTARY_SHUTDOWN_GRACE_MS', description: 'on shutdown, how long requests in flight may take (default 10000)' },
  { name: 'TRIBUTARY_SQS_RECREATE_WAIT_SECONDS', description: 'after DeleteQueue, the name is blocked this long (AWS: 60; 0 turns it off)' },
  { name: 'TRIBUTARY_DYNAMODB_STREAM_SHARD_RECORDS', description: 'a stream shard closes after this many records (default 100000)' },
  { name: 'TRIBUTARY_DYNAMODB_STREAM_SHARD_AGE_MS', description: '... or once it is this old (default 14400000, four hours)' },
  { name: 'TRIBUTARY_OBSERVATION_HISTORY', description: 'recent observations kept for the dashboard (default 10000 under tributary start)' },
  { name: 'TRIBUTARY_CREDENTIALS', description: 'accounts and keys as inline JSON, instead of a --credentials file' },
  { name: 'TRIBUTARY_MAVEN_REPOSITORY', description: 'Maven repository the Java runtime interface client is fetched from (default Maven Central)' },
  { name: 'TRIBUTARY_SNS_CERT_PORT', description: 'port of the server of the SNS signing certificate (default: a free one)' },
  { name: 'TRIBUTARY_JAVA_CDS', description: '0 turns off the class-data sharing archive that speeds up Java cold starts' },
];
