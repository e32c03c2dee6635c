/** Reads a Pulumi stack settings file (`Pulumi.<stack>.yaml`) for the CLI: the pool keys and `aws:region`. */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { StackConfigReader } from "../core/candidate-pool";

/** What the CLI takes from a Pulumi stack settings file (`Pulumi.<stack>.yaml`). */
export interface StackConfigFile {
    /** Reads a key of the `scope-ingress` namespace, as `new pulumi.Config("scope-ingress").get` would. */
    read: StackConfigReader;
    /** The stack's `aws:region`, when set. */
    region?: string;
}

/**
 * Reads the `config:` map of a Pulumi stack settings file. A structured value (a YAML list such as
 * `scope-ingress:additionalPublicBalancers: [alb-b, alb-c]`) is handed on as JSON text, which is what
 * `pulumi.Config.get` returns for it, so both spellings Pulumi accepts reach the engine alike.
 */
export function readStackConfigFile(path: string): StackConfigFile {
    let text: string;
    try {
        text = readFileSync(path, "utf8");
    } catch (err) {
        const code = (err as { code?: string }).code ?? String(err);
        throw new Error(`--stack-config: cannot read ${JSON.stringify(path)} (${code}); give the path of your stack's settings file, e.g. --stack-config Pulumi.prod.yaml.`);
    }
    let document: unknown;
    try {
        document = parse(text);
    } catch (err) {
        throw new Error(`--stack-config: ${JSON.stringify(path)} is not valid YAML (${firstLine(err)}); fix the file or give another.`);
    }
    const config = (document as { config?: unknown } | null)?.config ?? {};
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
        throw new Error(`--stack-config: "config" in ${JSON.stringify(path)} is not a map of keys to values; is this a Pulumi stack settings file?`);
    }
    const value = (key: string) => configValue(config as Record<string, unknown>, key);
    return { read: key => value(`scope-ingress:${key}`), region: value("aws:region") };
}

function configValue(config: Record<string, unknown>, key: string): string | undefined {
    const value = config[key];
    if (value === undefined || value === null) {
        return undefined;
    }
    return typeof value === "string" ? value : JSON.stringify(value);
}

function firstLine(err: unknown): string {
    return String((err as Error)?.message ?? err).split("\n")[0].replace(/:$/, "");
}
