// The few globals that exist alike in Node, the browser and Electron main, declared for the check of
// shared/ without DOM or Node types (tsconfig.shared.json). Only what shared/ uses.
declare class URL {
  constructor(url: string, base?: string);
  readonly origin: string;
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  readonly hostname: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}
