import { runShard } from './shard';

runShard(0);
