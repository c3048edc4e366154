import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SERVE = fileURLToPath(new URL("../scripts/serve.mjs", import.meta.url));

function serve(env: Record<string, string>) {
  const { PORT: _p, HOST: _h, ...rest } = process.env;
  return spawnSync(process.execPath, [SERVE, "--print"], {
    env: { ...rest, ...env },
    encoding: "utf8",
  });
}

describe("npm run serve", () => {
  it("serves on 3000 unless PORT says otherwise", () => {
    expect(serve({}).stdout).toBe("serve --host 127.0.0.1 --port 3000 --no-open\n");
    expect(serve({ PORT: "8080" }).stdout).toBe("serve --host 127.0.0.1 --port 8080 --no-open\n");
  });

  it("refuses a PORT that is not a port, naming it", () => {
    const r = serve({ PORT: "http" });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("serve: PORT must be a port number from 1 to 65535, not 'http'\n");
  });
});
