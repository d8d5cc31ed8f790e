package dev.schemahealer.sample;

import dev.schemahealer.testing.Engine;

class PostgresApiTest extends AbstractApiTest {
    PostgresApiTest() {
        super(Engine.POSTGRESQL);
    }
}
