alter table customers add column phone varchar(32);
