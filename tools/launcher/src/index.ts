// What other tools (tools/bench) use of the launcher: the services as real processes.
export { RunningProduct, urlOf } from './running-product';
export type { ProductOptions } from './running-product';
export type { ServiceProcess } from './service-process';
export { SERVICE_NAMES, serviceRuntimeFrom } from './services';
export type { ServiceName, ServiceRuntime } from './services';
export { describeExit } from './child-exit';
export type { ChildExit } from './child-exit';
