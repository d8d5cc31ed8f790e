package dev.schemahealer.it;

import dev.schemahealer.testing.Engine;

class MysqlContainersIT extends ContainersSuite {
    @Override
    Engine engine() {
        return Engine.MYSQL;
    }
}
