/** The systems that ship with faultline, from partial options (the rest are defaults). */
import { DEFAULT_ETCD_OPTIONS, EtcdSystem, type EtcdOptions } from '../systems/etcd/system.js';
import { DEFAULT_FAULTLINE_OPTIONS, FaultlineSystem, type FaultlineOptions } from '../systems/faultline/system.js';

/** Our own store: `faultline node` processes (or, with `simulate`, replicas in the simulator). */
export function faultlineSystem(options: Partial<FaultlineOptions> = {}): FaultlineSystem {
  return new FaultlineSystem({ ...DEFAULT_FAULTLINE_OPTIONS, ...options });
}

/** etcd 3.4 processes (docs/systems.md). */
export function etcdSystem(options: Partial<EtcdOptions> = {}): EtcdSystem {
  return new EtcdSystem({ ...DEFAULT_ETCD_OPTIONS, ...options });
}
