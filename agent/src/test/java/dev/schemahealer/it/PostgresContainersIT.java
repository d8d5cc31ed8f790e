package dev.schemahealer.it;

import dev.schemahealer.testing.Engine;

class PostgresContainersIT extends ContainersSuite {
    @Override
    Engine engine() {
        return Engine.POSTGRESQL;
    }
}
