package dev.schemahealer.agent;

import dev.schemahealer.testing.Engine;

class MysqlMissClassifierTest extends MissClassifierEngineSuite {
    @Override
    Engine engine() {
        return Engine.MYSQL;
    }
}
