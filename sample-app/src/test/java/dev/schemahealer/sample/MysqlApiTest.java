package dev.schemahealer.sample;

import dev.schemahealer.testing.Engine;

class MysqlApiTest extends AbstractApiTest {
    MysqlApiTest() {
        super(Engine.MYSQL);
    }
}
