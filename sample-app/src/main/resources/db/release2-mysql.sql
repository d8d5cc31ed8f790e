-- Release 2 of the sample service's schema, MySQL and MariaDB: what a fresh install runs.
-- It must equal release 1 plus every upgrade in dev.schemahealer.sample.upgrades (a test checks that).

create table customers (
    id          bigint not null auto_increment primary key,
    name        varchar(100) not null,
    email       varchar(200) not null,
    -- No longer written since release 2; a later release drops it.
    legacy_code varchar(20) null,
    created_at  timestamp(3) not null default current_timestamp(3),
    phone       varchar(32) null
) engine = InnoDB;

create table orders (
    id          bigint not null auto_increment primary key,
    customer_id bigint not null,
    total_cents bigint not null,
    created_at  timestamp(3) not null default current_timestamp(3),
    status      varchar(16) not null default 'NEW',
    index orders_customer_created_idx (customer_id, created_at)
) engine = InnoDB;

create table order_lines (
    id          bigint not null auto_increment primary key,
    order_id    bigint not null,
    sku         varchar(64) not null,
    quantity    int not null,
    price_cents bigint not null,
    index order_lines_order_idx (order_id),
    constraint order_lines_order_fk foreign key (order_id) references orders (id)
) engine = InnoDB;

create table customer_events (
    id          bigint not null auto_increment primary key,
    customer_id bigint not null,
    event_type  varchar(64) not null,
    payload     varchar(1000) null,
    occurred_at timestamp(3) not null default current_timestamp(3),
    index customer_events_customer_idx (customer_id, occurred_at)
) engine = InnoDB;
