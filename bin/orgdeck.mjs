#!/usr/bin/env node
// The operator command. Sources are TypeScript; tsx compiles them on the fly.
import { register } from "tsx/esm/api";

register();
await import("../server/cli/main.ts");
