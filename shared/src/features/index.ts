export * from './spec'
export * from './baseline'
export * from './calibration'
export * from './pipeline'
