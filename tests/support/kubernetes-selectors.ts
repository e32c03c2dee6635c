/** Label and field selectors as the Kubernetes API server parses them for list requests. */
import { badRequest } from "./kubernetes-status";

/** Whether an object's labels (or selectable fields) satisfy one selector. */
export type Selector = (values: Readonly<Record<string, string | undefined>>) => boolean;

/** Splits on commas outside parentheses, so `env in (a,b),tier` is two requirements. */
function requirements(text: string): string[] {
    const parts: string[] = [];
    let depth = 0;
    let current = "";
    for (const ch of text) {
        depth += ch === "(" ? 1 : ch === ")" ? -1 : 0;
        if (ch === "," && depth === 0) {
            parts.push(current);
            current = "";
        } else {
            current += ch;
        }
    }
    parts.push(current);
    return parts.map(p => p.trim()).filter(p => p !== "");
}

/**
 * A label selector: `a=b`, `a==b`, `a!=b` (also true when `a` is absent), `a`, `!a`, `a in (x,y)`, `a notin (x,y)`;
 * requirements joined by commas all hold. An empty selector matches everything.
 */
export function parseLabelSelector(text: string | undefined): Selector {
    const tests = requirements(text ?? "").map((req): Selector => {
        let m: RegExpExecArray | null;
        if ((m = /^([^\s!=()]+)\s+(in|notin)\s+\((.*)\)$/.exec(req))) {
            const [, key, op, list] = m;
            const set = new Set(list.split(",").map(v => v.trim()));
            return op === "in"
                ? v => v[key] !== undefined && set.has(v[key]!)
                : v => v[key] === undefined || !set.has(v[key]!);
        }
        if ((m = /^([^\s!=()]+)\s*(==|=|!=)\s*([^\s!=()]*)$/.exec(req))) {
            const [, key, op, value] = m;
            return op === "!=" ? v => v[key] !== value : v => v[key] === value;
        }
        if ((m = /^!\s*([^\s!=()]+)$/.exec(req))) {
            const key = m[1];
            return v => v[key] === undefined;
        }
        if (/^[^\s!=()]+$/.test(req)) {
            return v => v[req] !== undefined;
        }
        throw badRequest(`unable to parse requirement: ${JSON.stringify(req)}`);
    });
    return values => tests.every(t => t(values));
}

/**
 * A field selector over the fields a kind supports (`metadata.name`, `metadata.namespace`, and per kind more):
 * `f=v`, `f==v`, `f!=v`, joined by commas. Any other field is refused with the real server's 400.
 */
export function parseFieldSelector(text: string | undefined, supported: readonly string[]): Selector {
    const tests = requirements(text ?? "").map((req): Selector => {
        const m = /^([^!=]+?)\s*(==|=|!=)\s*(.*)$/.exec(req);
        if (!m) {
            throw badRequest(`invalid selector: '${text}'; can't understand '${req}'`);
        }
        const [, field, op, value] = m;
        if (!supported.includes(field)) {
            // Kinds with only the metadata fields answer like apimachinery's default conversion; others like their own.
            throw badRequest(
                supported.length === 2
                    ? `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`
                    : `field label not supported: ${field}`,
            );
        }
        return op === "!=" ? v => (v[field] ?? "") !== value : v => (v[field] ?? "") === value;
    });
    return values => tests.every(t => t(values));
}
