/** Reads a Pulumi stack settings file (`Pulumi.<stack>.yaml`) for the CLI: the pool keys and `aws:region`. */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { StackConfigReader } from "../core/candidate-pool";

/** What the CLI takes from a Pulumi stack settings file (`Pulumi.<stack>.yaml`). */
export interface StackConfigFile {
    /** The path given to `--stack-config`, to name the file in messages. */
    path: string;
    /** Reads a key of the `scope-ingress` namespace, as `new pulumi.Config("scope-ingress").get` would. */
    read: StackConfigReader;
    /** Every key of its `config:` map (`aws:region`, `scope-ingress:publicBalancer`, ...), in file order. */
    keys: string[];
    /** The keys whose value is encrypted (`secure: v1:...`): the CLI cannot decrypt them, and no reader sees them. */
    encrypted: string[];
    /** The stack's `aws:region` as written (a number stays a number), when set and not encrypted. */
    region?: unknown;
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
        throw new Error(
            `--stack-config: cannot read ${JSON.stringify(path)} (${code}); give the path of your stack's settings file, e.g. --stack-config Pulumi.prod.yaml.`,
            { cause: err },
        );
    }
    let document: unknown;
    try {
        document = parse(text);
    } catch (err) {
        throw new Error(
            `--stack-config: ${JSON.stringify(path)} is not valid YAML (${firstLine(err)}); fix the file or give another.`,
            { cause: err },
        );
    }
    const config = (document as { config?: unknown } | null)?.config ?? {};
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
        throw new Error(
            `--stack-config: "config" in ${JSON.stringify(path)} is not a map of keys to values; is this a Pulumi stack settings file?`,
        );
    }
    const values = config as Record<string, unknown>;
    const keys = Object.keys(values);
    const encrypted = keys.filter(key => isEncrypted(values[key]));
    // An encrypted value is left out rather than handed on as its JSON: a blob in a message helps no one.
    const plain = (key: string) => (encrypted.includes(key) ? undefined : (values[key] ?? undefined));
    return {
        path,
        keys,
        encrypted,
        read: key => configText(plain(`scope-ingress:${key}`)),
        region: plain("aws:region"),
    };
}

/** `secure: v1:...`: how `pulumi config set --secret` writes a value. */
function isEncrypted(value: unknown): boolean {
    return (
        typeof value === "object" &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).length === 1 &&
        "secure" in value
    );
}

function configText(value: unknown): string | undefined {
    if (value === undefined) {
        return undefined;
    }
    return typeof value === "string" ? value : JSON.stringify(value);
}

function firstLine(err: unknown): string {
    return String((err as Error)?.message ?? err)
        .split("\n")[0]
        .replace(/:$/, "");
}
