package dev.schemahealer.sample;

import dev.schemahealer.testing.Engine;

class MysqlUpgradesTest extends AbstractUpgradesTest {
    MysqlUpgradesTest() {
        super(Engine.MYSQL);
    }
}
