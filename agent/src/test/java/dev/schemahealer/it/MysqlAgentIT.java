package dev.schemahealer.it;

import dev.schemahealer.testing.Engine;

class MysqlAgentIT extends AgentEndToEndSuite {
    @Override
    Engine engine() {
        return Engine.MYSQL;
    }
}
