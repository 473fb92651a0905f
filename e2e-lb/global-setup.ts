/** Starts the cluster before the balancer tests and stops it after (returned teardown). */
import { CLUSTER_ENV, startCluster } from './cluster';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const cluster = await startCluster();
  process.env[CLUSTER_ENV] = JSON.stringify(cluster.info);
  console.log(
    `balancer ${cluster.info.url} -> ${cluster.info.instances.map((i) => `${i.routeKey}@${i.address}`).join(', ')}`,
  );
  return () => cluster.stop();
}
