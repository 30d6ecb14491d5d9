#!/usr/bin/env node
import { main } from "@batchflow/cli";

process.exitCode = await main(process.argv.slice(2));
