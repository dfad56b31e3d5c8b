import { DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TransactionRunner } from './transaction';

/** Provides the already-initialised (and migrated) DataSource and the transaction runner. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(dataSource: DataSource): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DataSource, useValue: dataSource }, TransactionRunner],
      exports: [DataSource, TransactionRunner],
    };
  }
}
