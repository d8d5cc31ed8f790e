-- Release 1 of a small shop: what production has.
create table customers (
  id bigint primary key,
  name varchar(100) not null,
  legacy varchar(10) not null
);
