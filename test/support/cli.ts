// Runs the CLI from source (tests spawn this through tsx; installs use bin/sitrep.js on the build).
import { main } from "../../src/cli/main.js";

process.exitCode = await main(process.argv.slice(2));
