package dev.schemahealer.it;

import dev.schemahealer.testing.Engine;

class PostgresAgentIT extends AgentEndToEndSuite {
    @Override
    Engine engine() {
        return Engine.POSTGRESQL;
    }
}
