console.log('mock: the mock portal API server lands with issue 3');
