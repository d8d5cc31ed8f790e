-- Release 1 of the sample service's schema, MySQL and MariaDB: what production runs before release 2 ships.

create table customers (
    id          bigint not null auto_increment primary key,
    name        varchar(100) not null,
    email       varchar(200) not null,
    -- Written by release 1 only; release 2 stops writing it (see the nullable upgrade).
    legacy_code varchar(20) not null,
    created_at  timestamp(3) not null default current_timestamp(3)
) engine = InnoDB;

-- No index on customer_id yet: release 1 never looks orders up by customer.
create table orders (
    id          bigint not null auto_increment primary key,
    customer_id bigint not null,
    total_cents bigint not null,
    created_at  timestamp(3) not null default current_timestamp(3)
) engine = InnoDB;
