/** Mocha root hooks: the test AWS environment for the whole run, and moto stopped at its end. */
import { AWS_TEST_ENV } from "./aws-test-env";
import { stopMotoServer } from "./moto-server";

delete process.env.AWS_PROFILE;
delete process.env.AWS_SESSION_TOKEN;
Object.assign(process.env, AWS_TEST_ENV);

/** Mocha root hooks: one moto for the whole run, stopped at the end. */
export const mochaHooks = {
    async afterAll(): Promise<void> {
        await stopMotoServer();
    },
};
