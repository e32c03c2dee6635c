/** The PATCH bodies the Kubernetes API server accepts for built-in kinds: JSON merge patch and JSON patch. */
import { KubernetesStatusError, unsupportedMediaType } from "./kubernetes-status";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** RFC 7386: objects merge key by key, `null` removes a key, anything else replaces. */
export function mergePatch(target: Json, patch: Json): Json {
    if (patch === null || typeof patch !== "object" || Array.isArray(patch)) {
        return structuredClone(patch);
    }
    const out: { [key: string]: Json } =
        target !== null && typeof target === "object" && !Array.isArray(target) ? { ...target } : {};
    for (const [key, value] of Object.entries(patch)) {
        if (value === null) {
            delete out[key];
        } else {
            out[key] = mergePatch(out[key] ?? null, value);
        }
    }
    return out;
}

interface Operation {
    op: "add" | "remove" | "replace" | "move" | "copy" | "test";
    path: string;
    from?: string;
    value?: Json;
}

// A failed JSON patch is a 422 with the patch library's message, as the real server answers.
function patchFailure(message: string): KubernetesStatusError {
    return new KubernetesStatusError({
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message,
        reason: "Invalid",
        code: 422,
    });
}

function pointer(path: string): string[] {
    if (path === "") {
        return [];
    }
    if (!path.startsWith("/")) {
        throw patchFailure(`invalid JSON pointer: ${path}`);
    }
    return path
        .slice(1)
        .split("/")
        .map(t => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The container holding the last token of `path`, and that token. */
function parent(doc: Json, path: string): { container: { [key: string]: Json } | Json[]; key: string } {
    const tokens = pointer(path);
    const key = tokens.pop();
    let node: Json = doc;
    for (const t of tokens) {
        node =
            node !== null && typeof node === "object"
                ? (node as Record<string, Json>)[t]
                : (undefined as unknown as Json);
        if (node === undefined || node === null || typeof node !== "object") {
            throw patchFailure(`doc is missing path: "${path}"`);
        }
    }
    if (key === undefined || node === null || typeof node !== "object") {
        throw patchFailure(`cannot patch the document root: "${path}"`);
    }
    return { container: node, key };
}

function read(doc: Json, path: string): Json {
    const { container, key } = parent(doc, path);
    const value = (container as Record<string, Json>)[key];
    if (value === undefined) {
        throw patchFailure(`doc is missing key: "${path}"`);
    }
    return value;
}

function remove(doc: Json, path: string): Json {
    const { container, key } = parent(doc, path);
    const value = read(doc, path);
    if (Array.isArray(container)) {
        container.splice(Number(key), 1);
    } else {
        delete container[key];
    }
    return value;
}

function add(doc: Json, path: string, value: Json): void {
    const { container, key } = parent(doc, path);
    if (Array.isArray(container)) {
        container.splice(key === "-" ? container.length : Number(key), 0, structuredClone(value));
    } else {
        container[key] = structuredClone(value);
    }
}

/** RFC 6902 on a copy of `doc`; `test` failing or a missing path fails the whole patch. */
export function jsonPatch(doc: Json, operations: Operation[]): Json {
    const out = structuredClone(doc);
    for (const o of operations) {
        switch (o.op) {
            case "add":
                add(out, o.path, o.value ?? null);
                break;
            case "remove":
                remove(out, o.path);
                break;
            case "replace":
                remove(out, o.path);
                add(out, o.path, o.value ?? null);
                break;
            case "move":
                add(out, o.path, remove(out, o.from ?? ""));
                break;
            case "copy":
                add(out, o.path, read(out, o.from ?? ""));
                break;
            case "test":
                if (JSON.stringify(read(out, o.path)) !== JSON.stringify(o.value)) {
                    throw patchFailure(`testing value ${o.path} failed: test failed`);
                }
                break;
            default:
                throw patchFailure(`Unexpected kind: ${(o as { op: string }).op}`);
        }
    }
    return out;
}

/**
 * Applies a PATCH body by its content type. Strategic merge patch is applied as a merge patch: the same for
 * the maps (`data`, labels, annotations, `spec` scalars) these kinds hold, different only for keyed lists.
 */
export function applyPatch(doc: object, contentType: string, body: unknown): object {
    const type = contentType.split(";")[0].trim().toLowerCase();
    if (type === "application/json-patch+json") {
        if (!Array.isArray(body)) {
            throw patchFailure("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }
        return jsonPatch(doc as Json, body as Operation[]) as object;
    }
    if (type === "application/merge-patch+json" || type === "application/strategic-merge-patch+json") {
        return mergePatch(doc as Json, body as Json) as object;
    }
    throw unsupportedMediaType(type);
}
