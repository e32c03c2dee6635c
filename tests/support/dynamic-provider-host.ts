/** Drives BalancerAssignment through @pulumi/pulumi's real dynamic-provider host, as `pulumi up` does. */
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
// The engine's own generated stubs, as shipped with @pulumi/pulumi.

const providerRpc = require("@pulumi/pulumi/proto/provider_grpc_pb");

const providerProto = require("@pulumi/pulumi/proto/provider_pb");

/** The repository root: what a user's program finds as `node_modules/pulumi-scope-ingress`. */
export const PACKAGE_ROOT = path.resolve(__dirname, "..", "..", "..");

type Props = Record<string, unknown>;

/** The engine's view of a Diff answer. */
export interface DiffAnswer {
    changes: "none" | "some" | "unknown";
    replaces: string[];
}

/**
 * `@pulumi/pulumi`'s dynamic-provider host (`cmd/dynamic-provider`), started the way the Pulumi engine
 * starts it, from a program directory whose `node_modules` holds this package, and driven over gRPC.
 */
export class DynamicProviderHost {
    /** What the host process wrote to stderr (provider errors are logged there). */
    stderr = "";

    private constructor(
        private readonly child: ChildProcess,
        private readonly client: grpc.Client & Record<string, (...args: unknown[]) => unknown>,
        readonly programDir: string,
    ) {}

    /** Starts a host whose process environment is this process's plus `env`. */
    static async start(env: Record<string, string> = {}): Promise<DynamicProviderHost> {
        const programDir = fs.mkdtempSync(path.join(os.tmpdir(), "scope-ingress-program-"));
        fs.mkdirSync(path.join(programDir, "node_modules"));
        fs.symlinkSync(PACKAGE_ROOT, path.join(programDir, "node_modules", "pulumi-scope-ingress"), "dir");
        const hostScript = require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js");
        const child = spawn(process.execPath, [hostScript, "127.0.0.1:0"], {
            cwd: programDir,
            env: { ...process.env, ...env },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stderr = "";
        child.stderr!.on("data", chunk => {
            stderr += chunk;
        });
        const port = await new Promise<string>((resolve, reject) => {
            child.stdout!.once("data", chunk => resolve(String(chunk).trim()));
            child.once("exit", code => reject(new Error(`dynamic-provider host exited with ${code}: ${stderr}`)));
        });
        const client = new providerRpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        const host = new DynamicProviderHost(child, client, programDir);
        child.stderr!.on("data", chunk => {
            host.stderr += chunk;
        });
        await host.rpc(
            "configure",
            new providerProto.ConfigureRequest().setArgs(Struct.fromJavaScript({})).setAcceptsecrets(false),
        );
        return host;
    }

    async stop(): Promise<void> {
        this.client.close();
        this.child.kill();
        fs.rmSync(this.programDir, { recursive: true, force: true });
    }

    async check(
        urn: string,
        olds: Props,
        news: Props,
    ): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
        const res = await this.rpc(
            "check",
            new providerProto.CheckRequest().setUrn(urn).setOlds(struct(olds)).setNews(struct(news)),
        );
        return {
            inputs: res.getInputs().toJavaScript(),
            failures: res.getFailuresList().map((f: { getProperty(): string; getReason(): string }) => ({
                property: f.getProperty(),
                reason: f.getReason(),
            })),
        };
    }

    async diff(id: string, urn: string, olds: Props, news: Props): Promise<DiffAnswer> {
        const res = await this.rpc(
            "diff",
            new providerProto.DiffRequest().setId(id).setUrn(urn).setOlds(struct(olds)).setNews(struct(news)),
        );
        const changes = ({ 0: "unknown", 1: "none", 2: "some" } as const)[res.getChanges() as 0 | 1 | 2];
        return { changes, replaces: res.getReplacesList() };
    }

    async create(urn: string, properties: Props): Promise<{ id: string; properties: Props }> {
        const res = await this.rpc(
            "create",
            new providerProto.CreateRequest().setUrn(urn).setProperties(struct(properties)),
        );
        return { id: res.getId(), properties: res.getProperties().toJavaScript() };
    }

    async read(id: string, urn: string, properties: Props): Promise<{ id: string; properties: Props }> {
        const res = await this.rpc(
            "read",
            new providerProto.ReadRequest().setId(id).setUrn(urn).setProperties(struct(properties)),
        );
        return { id: res.getId(), properties: res.getProperties().toJavaScript() };
    }

    async update(id: string, urn: string, olds: Props, news: Props): Promise<Props> {
        const res = await this.rpc(
            "update",
            new providerProto.UpdateRequest().setId(id).setUrn(urn).setOlds(struct(olds)).setNews(struct(news)),
        );
        return res.getProperties().toJavaScript();
    }

    async delete(id: string, urn: string, properties: Props): Promise<void> {
        await this.rpc(
            "delete",
            new providerProto.DeleteRequest().setId(id).setUrn(urn).setProperties(struct(properties)),
        );
    }

    private rpc(method: string, request: unknown): Promise<any> {
        return new Promise((resolve, reject) => {
            this.client[method](request, (err: grpc.ServiceError | null, res: unknown) =>
                err ? reject(err) : resolve(res),
            );
        });
    }
}

function struct(value: Props): Struct {
    // Struct cannot hold undefined; the engine never sends it either.
    return Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));
}

/** A resource URN as the engine writes it for a dynamic resource. */
export function dynamicUrn(name: string): string {
    return `urn:pulumi:test::scope-ingress::pulumi-nodejs:dynamic:Resource::${name}`;
}
